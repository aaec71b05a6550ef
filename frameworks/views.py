"""A province-year's frameworks: the list of the four types, copying one in, reading one and
recording its approval. The editor's pages are in frameworks/editor_views.py."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.messages import run_and_report
from core.scope import get_in_scope
from core.text import clean_text, is_small_id
from frameworks import permissions, services
from frameworks.models import Framework
from frameworks.selectors import framework_with_structure
from programme.models import ProgrammeYear, UnitType
from programme.selectors import year_in_scope

# --- shared with the editor's pages (frameworks/editor_views.py) -----------------------------


def visible_framework(request, pk: int) -> Framework:
    """Any signed-in user reads the department's defaults; a year's framework is read within the
    scope of its programme year (404 outside it)."""
    framework = Framework.objects.filter(pk=pk).select_related("programme_year__province").first()
    if framework is None:
        raise Http404
    if not framework.is_default:
        get_in_scope(request.user, ProgrammeYear, pk=framework.programme_year_id)
    return framework


# --- pages -----------------------------------------------------------------------------------


@login_required
def framework_list(request, year_id: int):
    year = year_in_scope(request.user, year_id)
    frameworks = {f.unit_type: f for f in Framework.objects.filter(programme_year=year)}
    defaults = {f.unit_type: f for f in Framework.objects.filter(programme_year__isnull=True)}
    rows = [
        {
            "type": value,
            "label": label,
            "framework": frameworks.get(value),
            "default": defaults.get(value),
            "frozen": value in frameworks and services.is_frozen(frameworks[value]),
        }
        for value, label in UnitType.choices
    ]
    return render(
        request,
        "frameworks/framework_list.html",
        {
            "year": year,
            "rows": rows,
            "can_manage": permissions.can_manage_year_frameworks(request.user, year.province_id),
        },
    )


@login_required
@require_POST
def framework_copy(request, year_id: int):
    year = get_in_scope(request.user, ProgrammeYear, pk=year_id)
    source_id = request.POST.get("source", "")
    if not is_small_id(source_id):
        raise Http404
    source = Framework.objects.filter(pk=source_id).select_related("programme_year").first()
    if source is None or not (source.is_default or source.owner_province_id == year.province_id):
        raise Http404
    run_and_report(
        request,
        services.framework_copy,
        done=_("คัดลอกเกณฑ์แล้ว ปรับปรุงแล้วเสนอคณะกรรมการอนุมัติ"),
        source=source,
        programme_year=year,
    )
    return redirect("frameworks:frameworks", year_id=year.pk)


@login_required
def framework_detail(request, pk: int):
    framework = visible_framework(request, pk)
    structure = framework_with_structure(framework.pk)
    can_manage = not framework.is_default and permissions.can_manage_year_frameworks(
        request.user, framework.owner_province_id
    )
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "framework": structure,
            "frozen": services.is_frozen(framework),
            "can_manage": can_manage,
            "can_edit_defaults": permissions.can_edit_defaults(request.user),
        },
    )


@login_required
@require_POST
def framework_approve(request, pk: int):
    framework = visible_framework(request, pk)
    run_and_report(
        request,
        services.framework_approve,
        done=_("บันทึกการอนุมัติเกณฑ์แล้ว"),
        framework=framework,
        reference=clean_text(request.POST.get("reference", "")),
    )
    return redirect("frameworks:framework", pk=framework.pk)
