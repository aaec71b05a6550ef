from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.downloads import stored_file
from core.errors import DomainError
from core.forms import add_domain_error, posted_version
from core.scope import get_in_scope, visible_to
from geography import services
from geography.forms import EmblemForm, VillageForm, ZoneForm
from geography.models import Province, ProvinceEmblem, Village, Zone
from geography.permissions import can_add_villages, can_define_zones, can_set_emblem


@login_required
def villages(request):
    user = request.user
    form = None
    if can_add_villages(user):
        form = VillageForm(request.POST or None, district_id=user.district_id)
        if request.method == "POST" and form.is_valid():
            try:
                services.village_create(actor=user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("เพิ่มหมู่บ้านแล้ว"))
                return redirect("geography:villages")
    elif request.method == "POST":
        raise Http404
    rows = (
        visible_to(user, Village)
        .select_related("subdistrict__district")
        .order_by("subdistrict__district_id", "subdistrict_id", "number")
    )
    return render(request, "geography/villages.html", {"villages": rows[:2000], "form": form})


@login_required
def zones(request):
    user = request.user
    if not can_define_zones(user):
        raise Http404
    form = ZoneForm(request.POST or None, province_id=user.province_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.zone_save(
                actor=user,
                name=form.cleaned_data["name"],
                districts=list(form.cleaned_data["districts"]),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("บันทึกโซนแล้ว"))
            return redirect("geography:zones")
    rows = visible_to(user, Zone).prefetch_related("districts")
    return render(request, "geography/zones.html", {"zones": rows, "form": form})


# --- the province's emblem for its documents -------------------------------------------------


def _emblem_province(request) -> Province:
    """The province whose emblem the user sets: their own, as its officer; anyone else 404."""
    user = request.user
    if not can_set_emblem(user):
        raise Http404
    return get_in_scope(user, Province.objects.all(), pk=user.province_id)


@login_required
def emblem(request):
    province = _emblem_province(request)
    current = ProvinceEmblem.objects.filter(province=province).select_related("uploaded_by").first()
    version = current.version if current else 0
    form = EmblemForm(
        request.POST or None, request.FILES or None, initial={"expected_version": version}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.emblem_set(
                    actor=request.user,
                    province=province,
                    upload=form.cleaned_data["file"],
                    expected_version=form.cleaned_data["expected_version"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("บันทึกตราสัญลักษณ์แล้ว เอกสารที่สร้างต่อจากนี้จะพิมพ์ตรานี้"))
                return redirect("geography:emblem")
        status = 400
    return render(
        request,
        "geography/emblem.html",
        {"province": province, "emblem": current, "form": form},
        status=status,
    )


@login_required
@require_POST
def emblem_remove(request):
    province = _emblem_province(request)
    try:
        services.emblem_remove(
            actor=request.user,
            province=province,
            expected_version=posted_version(request.POST),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("นำตราสัญลักษณ์ออกแล้ว เอกสารจะเว้นที่ของตราไว้ว่าง"))
    return redirect("geography:emblem")


@login_required
def emblem_image(request):
    """The province's emblem as stored, shown on its page."""
    province = _emblem_province(request)
    current = ProvinceEmblem.objects.filter(province=province).first()
    if current is None:
        raise Http404
    return stored_file(
        current.image.open("rb"),
        content_type=current.content_type,
        filename=f"emblem-{province.pk}.{(current.image.name or '').rsplit('.', 1)[-1]}",
        inline=True,
    )
