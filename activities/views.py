"""Thin views over activity services and selectors; every fetch is scoped."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import exports, permissions, selectors, services
from activities.forms import (
    ActivityCreateForm,
    ActivityEditForm,
    PhotoEditForm,
    PhotoUploadForm,
    RemoveForm,
)
from activities.models import Activity, ActivityPhoto, Kind, Stage
from audit.downloads import export_download
from core.downloads import PDF
from core.errors import DomainError
from core.forms import add_domain_error
from core.scope import get_in_scope, visible_to
from geography.models import District
from programme.models import ProgrammeYear
from programme.permissions import can_read_whole_province
from programme.selectors import current_year, export_district
from registration.models import Unit

PAGE_SIZE = 50


def _current_year(request) -> ProgrammeYear:
    """The programme year the user is looking at: ?year=<id>, else the newest in scope."""
    return current_year(request.user, year_id=request.GET.get("year"))


def _activity(request, pk) -> Activity:
    return get_in_scope(
        request.user, Activity.objects.select_related("district", "programme_year"), pk=pk
    )


def _read_only(request, activity_id: int):
    messages.error(request, _("คุณเปิดดูกิจกรรมนี้ได้ แต่แก้ไขไม่ได้"))
    return redirect("activities:detail", pk=activity_id)


def _photo(request, pk) -> ActivityPhoto:
    photo = get_in_scope(
        request.user, ActivityPhoto.objects.select_related("activity__district"), pk=pk
    )
    if photo.is_removed:
        raise Http404
    return photo


@login_required
def activity_list(request):
    user = request.user
    if not request.GET.get("year") and not visible_to(user, ProgrammeYear).exists():
        # The menu links here before the province has opened its first year.
        messages.info(request, _("จังหวัดยังไม่ได้เปิดปีดำเนินงาน จึงยังบันทึกกิจกรรมไม่ได้"))
        return redirect("/")
    year = _current_year(request)
    activities = visible_to(user, Activity).filter(programme_year=year)
    districts = list(visible_to(user, District).filter(province_id=year.province_id))
    district = unit = None
    if request.GET.get("district"):
        district = get_in_scope(
            user, District.objects.filter(province_id=year.province_id), pk=request.GET["district"]
        )
        activities = activities.filter(district=district)
    if request.GET.get("unit"):
        unit = get_in_scope(user, Unit.objects.filter(programme_year=year), pk=request.GET["unit"])
        activities = activities.filter(units=unit)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        activities = activities.filter(kind=kind)
    page = Paginator(selectors.activity_list(activities), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    dossier_district = district or (
        District.objects.get(pk=user.district_id)
        if permissions.works_in_one_district(user)
        else None
    )
    return render(
        request,
        "activities/list.html",
        {
            "year": year,
            "years": visible_to(user, ProgrammeYear)
            .select_related("province")
            .order_by("-fiscal_year"),
            "page": page,
            "districts": districts if not permissions.works_in_one_district(user) else [],
            "district": district,
            "unit": unit,
            "kind": kind,
            "kinds": Kind.choices,
            "stages": Stage.choices,
            "can_record": permissions.can_record(user, user.district_id),
            "dossier_district": dossier_district,
            "province_dossier": can_read_whole_province(user),
        },
    )


def _form_context(form, year, district_id, activity=None) -> dict:
    return {"form": form, "year": year, "activity": activity, "district_id": district_id}


@login_required
def activity_create(request, year_id: int):
    user = request.user
    year = get_in_scope(user, ProgrammeYear.objects.select_related("province"), pk=year_id)
    if not permissions.can_record(user, user.district_id):
        # The province and the department read the districts' activities; they do not record.
        messages.error(request, _("เฉพาะพัฒนาการอำเภอและพัฒนากรเท่านั้นที่บันทึกกิจกรรมได้"))
        return redirect(f"{reverse('activities:list')}?year={year.pk}")
    form = ActivityCreateForm(
        request.POST or None, programme_year_id=year.pk, district_id=user.district_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                actor=user,
                programme_year=year,
                district_id=user.district_id,
                values=form.values(),
                links=form.links(),
                once=form.cleaned_data["once"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("บันทึกกิจกรรมแล้ว เพิ่มภาพกิจกรรมได้ด้านล่าง"))
            return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/form.html", _form_context(form, year, user.district_id))


@login_required
def activity_edit(request, pk: int):
    activity = _activity(request, pk)
    if not permissions.can_edit_activity(request.user, activity):
        return _read_only(request, activity.pk)
    initial = {
        "kind": activity.kind,
        "title": activity.title,
        "held_on": activity.held_on,
        "place": activity.place,
        "partners": activity.partners,
        "learning": activity.learning,
        "units": list(activity.units.all()),
        "plan_items": list(activity.plan_items.all()),
        "indicators": list(activity.indicators.all()),
        "version": activity.version,
    }
    form = ActivityEditForm(
        request.POST or None,
        initial=initial,
        programme_year_id=activity.programme_year_id,
        district_id=activity.district_id,
        activity=activity,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                actor=request.user,
                activity=activity,
                values=form.values(),
                links=form.links(),
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("บันทึกการแก้ไขแล้ว"))
            return redirect("activities:detail", pk=activity.pk)
    return render(
        request,
        "activities/form.html",
        _form_context(form, activity.programme_year, activity.district_id, activity),
    )


def _detail_context(request, activity: Activity, upload_form=None, editing=None) -> dict:
    """`editing`: after a refused edit of one photo, what the user sent for it, shown in that
    photo's form (opened) instead of the saved values, so nothing typed is lost."""
    user = request.user
    can_edit = permissions.can_edit_activity(user, activity)
    photos = list(selectors.current_photos(activity))
    by_stage = [
        {"number": value, "label": label, "photos": [p for p in photos if p.stage == value]}
        for value, label in Stage.choices
    ]
    return {
        "activity": activity,
        "stages": [s for s in by_stage if s["photos"]],
        "photo_count": len(photos),
        "can_edit": can_edit,
        "show_evidence": permissions.sees_photo_evidence(user, activity),
        "upload_form": upload_form or (PhotoUploadForm(activity=activity) if can_edit else None),
        "editing": editing,
        "max_photos": services.MAX_PHOTOS_PER_UPLOAD,
        "stage_choices": Stage.choices,
    }


@login_required
def activity_detail(request, pk: int):
    activity = get_in_scope(request.user, selectors.with_details(Activity.objects.all()), pk=pk)
    return render(request, "activities/detail.html", _detail_context(request, activity))


def _wants_json(request) -> bool:
    """The upload script (static/js/photo_upload.js) asks for JSON: it shows the progress and
    then goes where the answer says; a plain form gets the page."""
    return request.headers.get("Accept", "").startswith("application/json")


@login_required
@require_POST
def photo_upload(request, pk: int):
    activity = get_in_scope(request.user, selectors.with_details(Activity.objects.all()), pk=pk)
    if not permissions.can_edit_activity(request.user, activity):
        return _read_only(request, activity.pk)
    form = PhotoUploadForm(request.POST, activity=activity)
    problem = None
    if form.is_valid():
        try:
            batch = services.photos_upload(
                actor=request.user,
                activity=activity,
                uploads=request.FILES.getlist("photos"),
                stage=form.cleaned_data["stage"],
                units=form.cleaned_data["units"],
                caption=form.cleaned_data["caption"],
                once=form.cleaned_data["once"],
            )
        except DomainError as error:
            problem = error.message
        else:
            messages.success(request, _("บันทึกภาพแล้ว %(n)d ภาพ") % {"n": len(batch)})
            for line in batch.refused:
                messages.error(request, _("ภาพนี้ยังไม่ได้บันทึก: %(file)s") % {"file": line})
            target = reverse("activities:detail", args=[activity.pk]) + "#photos"
            if _wants_json(request):
                # The messages wait in the session for the page the script opens next.
                return JsonResponse({"redirect": target})
            return redirect(target)
    elif "once" in form.errors:
        problem = str(form.errors["once"][0])
    else:
        problem = _("กรุณาตรวจสอบขั้นตอนและหน่วยนับในภาพ")
    if _wants_json(request):
        # Nothing was saved and the token is unspent: the script shows why, the form stays.
        return JsonResponse({"errors": [problem]}, status=400)
    messages.error(request, problem)
    context = _detail_context(request, activity, upload_form=form)
    return render(request, "activities/detail.html", context)


@login_required
@require_POST
def photo_edit(request, pk: int):
    photo = _photo(request, pk)
    activity = photo.activity
    if not permissions.can_edit_activity(request.user, activity):
        return _read_only(request, activity.pk)
    form = PhotoEditForm(request.POST, activity=activity)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(
                str(message)
                for errors in form.errors.as_data().values()
                for error in errors
                for message in error.messages
            ),
        )
    else:
        try:
            services.photo_update(
                actor=request.user,
                photo=photo,
                stage=form.cleaned_data["stage"],
                units=form.cleaned_data["units"],
                caption=form.cleaned_data["caption"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("บันทึกการแก้ไขภาพแล้ว"))
            return redirect(reverse("activities:detail", args=[activity.pk]) + f"#photo-{photo.pk}")
    # Refused: the page again with what was typed in this photo's form, not the saved values.
    editing = {
        "pk": photo.pk,
        "stage": str(request.POST.get("stage", "")),
        "units": request.POST.getlist("units"),
        "caption": request.POST.get("caption", "")[:300],
        "version": request.POST.get("expected_version", ""),
    }
    detail = get_in_scope(
        request.user, selectors.with_details(Activity.objects.all()), pk=activity.pk
    )
    return render(
        request, "activities/detail.html", _detail_context(request, detail, editing=editing)
    )


@login_required
@require_POST
def photo_remove(request, pk: int):
    photo = _photo(request, pk)
    if not permissions.can_edit_activity(request.user, photo.activity):
        return _read_only(request, photo.activity_id)
    form = RemoveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.photo_remove(actor=request.user, photo=photo, reason=reason)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("นำภาพออกแล้ว"))
    return redirect(reverse("activities:detail", args=[photo.activity_id]) + "#photos")


@login_required
def photo_file(request, pk: int, rendition: str):
    photo = _photo(request, pk)
    field = {"image": photo.image, "thumb": photo.thumbnail}.get(rendition)
    if field is None:
        raise Http404
    # The stored renditions carry no metadata at all, whoever asks; see activities.photos.
    response = FileResponse(
        field.open("rb"),
        content_type="image/jpeg",
        as_attachment=request.GET.get("download") == "1",
        filename=f"activity-{photo.activity_id}-photo-{photo.pk}.jpg",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def dossier(request, year_id: int, district_code: str | None = None):
    user = request.user
    year = get_in_scope(user, ProgrammeYear.objects.select_related("province"), pk=year_id)
    district = export_district(user, year, district_code)
    raw_stage = request.GET.get("stage", "")
    if raw_stage in ("", "all"):
        stage = None
    elif raw_stage in {str(value) for value in Stage.values}:
        stage = int(raw_stage)
    else:
        raise Http404
    with translation.override("th"):  # official documents are always in Thai
        content, filename, count = exports.photo_dossier(
            user=user, year=year, district=district, stage=stage
        )
    return export_download(
        actor=user,
        content=content,
        filename=filename,
        content_type=PDF,
        action="export.photo_dossier",
        obj=year,
        changes={
            "stage": stage or "all",
            "district": district.pk if district else "",
            "photos": count,
        },
        district_id=district.pk if district else "",
    )
