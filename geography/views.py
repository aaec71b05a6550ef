from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.forms import add_domain_error
from core.scope import visible_to
from geography import services
from geography.forms import VillageForm, ZoneForm
from geography.models import Village, Zone
from geography.permissions import can_add_villages, can_define_zones


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
