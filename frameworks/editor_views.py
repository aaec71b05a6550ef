"""The framework editor (docs/domain.md §6): the province edits its year's framework on one page, copies
from the department's default or an earlier year, and exports to / imports from Excel.

Editor pages are for provincial officers of the framework's province and the department (404 for
anyone else); a framework they may not change (frozen, or a default for a province) is shown
read-only with the reason, and every write is refused by the service with that reason.
"""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.downloads import download
from core.errors import DomainError
from core.forms import add_domain_error
from core.messages import run_and_report
from frameworks import editor, permissions
from frameworks.editor_forms import ComponentForm, FrameworkForm, IndicatorForm, number_text
from frameworks.framework_excel import (
    XLSX_CONTENT_TYPE,
    framework_xlsx,
    read_framework_xlsx,
    type_labels,
)
from frameworks.models import Component, Framework, Indicator
from frameworks.selectors import framework_with_structure
from frameworks.views import visible_framework
from programme.models import UNIT_TYPE_SHORT, UnitType
from programme.selectors import year_in_scope

T = TypeVar("T")

# What the component and indicator forms hand to the editor's writes.
COMPONENT_FIELDS = ("name", "description", "weight")
INDICATOR_FIELDS = ("code", "text", "evidence", "weight", "levels")


def _editor_framework(request, pk: int) -> Framework:
    framework = visible_framework(request, pk)
    if not permissions.can_open_editor(request.user, framework):
        raise Http404
    return framework


def _component(framework: Framework, pk: int) -> Component:
    component = Component.objects.filter(pk=pk, framework=framework).first()
    if component is None:
        raise Http404
    return component


def _indicator(framework: Framework, pk: int) -> Indicator:
    indicator = (
        Indicator.objects.filter(pk=pk, component__framework=framework)
        .select_related("component")
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator


def _editor_url(framework: Framework, anchor: str = "") -> str:
    url = reverse("frameworks:framework_edit", args=[framework.pk])
    return f"{url}#{anchor}" if anchor else url


def _version(request) -> str | None:
    return request.POST.get("version") or None


def _saved(
    request, form, write: Callable[..., T], *, fields: tuple[str, ...], **arguments
) -> T | None:
    """On a POST of a valid form, the editor's write done as the signed-in user with the named
    fields of the form (and `arguments`), and what it returns. None otherwise: not a POST, the
    form's own errors, or the editor's refusal, which is then shown on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    values = {name: form.cleaned_data[name] for name in fields}
    try:
        return write(actor=request.user, **values, **arguments)
    except DomainError as error:
        add_domain_error(form, error)
        return None


def _type_label(framework: Framework) -> str:
    return str(UnitType(framework.unit_type).label)


def _year_label(framework: Framework) -> str:
    return str(framework.programme_year) if framework.programme_year else _("เกณฑ์มาตรฐานของกรม")


# --- the editor page -------------------------------------------------------------------------


def _settings_initial(framework: Framework) -> dict:
    return {
        "name": framework.name,
        "pass_total_percent": number_text(framework.pass_total_percent),
        "pass_component_percent": number_text(framework.pass_component_percent),
    }


def _render_editor(request, framework: Framework, *, settings_form=None, status=200):
    refusal = editor.edit_refusal(request.user, framework)
    structure = framework_with_structure(framework.pk)
    blank_levels = IndicatorForm().level_rows()
    return render(
        request,
        "frameworks/framework_edit.html",
        {
            "framework": structure,
            "type_label": _type_label(framework),
            "year_label": _year_label(framework),
            "refusal": refusal,
            "version": editor.version_of(framework),
            "settings_form": settings_form or FrameworkForm(initial=_settings_initial(framework)),
            "blank_levels": blank_levels,
            "auto_numbered": editor.is_auto_numbered(framework),
        },
        status=status,
    )


@login_required
def framework_edit(request, pk: int):
    """The whole structure on one page; a POST saves the name and the pass rule."""
    framework = _editor_framework(request, pk)
    if request.method != "POST":
        return _render_editor(request, framework)
    form = FrameworkForm(request.POST)
    saved = _saved(
        request,
        form,
        editor.framework_edit,
        fields=editor.SETTINGS,
        framework=framework,
        version=_version(request),
    )
    if saved is not None:
        messages.success(request, _("บันทึกชื่อเกณฑ์และเกณฑ์การผ่านแล้ว"))
        return redirect(_editor_url(framework))
    framework.refresh_from_db()
    return _render_editor(request, framework, settings_form=form)


# --- components ------------------------------------------------------------------------------


def _component_page(request, framework, form, component=None):
    return render(
        request,
        "frameworks/framework_edit_component.html",
        {
            "framework": framework,
            "component": component,
            "form": form,
            "version": editor.version_of(framework),
            "refusal": editor.edit_refusal(request.user, framework),
        },
    )


@login_required
def component_add(request, pk: int):
    framework = _editor_framework(request, pk)
    form = ComponentForm(request.POST or None, initial={"weight": "1"})
    component = _saved(
        request, form, editor.component_add, fields=COMPONENT_FIELDS, framework=framework
    )
    if component is not None:
        messages.success(request, _("เพิ่มองค์ประกอบแล้ว"))
        return redirect(_editor_url(framework, f"c{component.pk}"))
    return _component_page(request, framework, form)


@login_required
def component_edit(request, pk: int, component_id: int):
    framework = _editor_framework(request, pk)
    component = _component(framework, component_id)
    initial = {
        "name": component.name,
        "description": component.description,
        "weight": number_text(component.weight),
    }
    form = ComponentForm(request.POST or None, initial=initial)
    saved = _saved(
        request,
        form,
        editor.component_update,
        fields=COMPONENT_FIELDS,
        component=component,
        version=_version(request),
    )
    if saved is not None:
        messages.success(request, _("บันทึกองค์ประกอบแล้ว"))
        return redirect(_editor_url(framework, f"c{component.pk}"))
    return _component_page(request, framework, form, component)


@login_required
@require_POST
def component_delete(request, pk: int, component_id: int):
    framework = _editor_framework(request, pk)
    component = _component(framework, component_id)
    run_and_report(request, editor.component_delete, done=_("ลบองค์ประกอบแล้ว"), component=component)
    return redirect(_editor_url(framework))


@login_required
@require_POST
def component_move(request, pk: int, component_id: int):
    framework = _editor_framework(request, pk)
    component = _component(framework, component_id)
    run_and_report(
        request,
        editor.component_move,
        component=component,
        direction=request.POST.get("direction", ""),
    )
    return redirect(_editor_url(framework, f"c{component.pk}"))


# --- indicators ------------------------------------------------------------------------------


def _indicator_page(request, framework, component, form, indicator=None):
    return render(
        request,
        "frameworks/framework_edit_indicator.html",
        {
            "framework": framework,
            "component": component,
            "indicator": indicator,
            "form": form,
            "levels": form.level_rows(),
            "version": editor.version_of(framework),
            "refusal": editor.edit_refusal(request.user, framework),
        },
    )


@login_required
def indicator_add(request, pk: int, component_id: int):
    framework = _editor_framework(request, pk)
    component = _component(framework, component_id)
    form = IndicatorForm(request.POST or None, initial={"weight": "1"})
    indicator = _saved(
        request, form, editor.indicator_add, fields=INDICATOR_FIELDS, component=component
    )
    if indicator is not None:
        messages.success(request, _("เพิ่มตัวบ่งชี้ %(code)s แล้ว") % {"code": indicator.code})
        return redirect(_editor_url(framework, f"i{indicator.pk}"))
    return _indicator_page(request, framework, component, form)


@login_required
def indicator_edit(request, pk: int, indicator_id: int):
    framework = _editor_framework(request, pk)
    indicator = _indicator(framework, indicator_id)
    form = IndicatorForm(request.POST or None, initial=IndicatorForm.initial_for(indicator))
    saved = _saved(
        request,
        form,
        editor.indicator_update,
        fields=INDICATOR_FIELDS,
        indicator=indicator,
        version=_version(request),
    )
    if saved is not None:
        messages.success(request, _("บันทึกตัวบ่งชี้แล้ว"))
        return redirect(_editor_url(framework, f"i{indicator.pk}"))
    return _indicator_page(request, framework, indicator.component, form, indicator)


@login_required
@require_POST
def indicator_delete(request, pk: int, indicator_id: int):
    framework = _editor_framework(request, pk)
    indicator = _indicator(framework, indicator_id)
    run_and_report(request, editor.indicator_delete, done=_("ลบตัวบ่งชี้แล้ว"), indicator=indicator)
    return redirect(_editor_url(framework, f"c{indicator.component_id}"))


@login_required
@require_POST
def indicator_move(request, pk: int, indicator_id: int):
    framework = _editor_framework(request, pk)
    indicator = _indicator(framework, indicator_id)
    run_and_report(
        request,
        editor.indicator_move,
        indicator=indicator,
        direction=request.POST.get("direction", ""),
    )
    return redirect(_editor_url(framework, f"i{indicator.pk}"))


# --- Excel -----------------------------------------------------------------------------------


@login_required
def framework_export(request, pk: int):
    """Any framework the user can read, as an Excel sheet that can be edited and imported."""
    framework = visible_framework(request, pk)
    with translation.override("th"):
        content = framework_xlsx(
            editor.framework_data(framework),
            type_label=_type_label(framework),
            year_label=_year_label(framework),
        )
        short = str(UNIT_TYPE_SHORT[framework.unit_type]).replace("/", "-")
    year = framework.programme_year.fiscal_year if framework.programme_year else "กรม"
    return download(content, f"เกณฑ์ตัวบ่งชี้-{short}-{year}.xlsx", XLSX_CONTENT_TYPE)


@login_required
def framework_import(request, pk: int):
    framework = _editor_framework(request, pk)
    problems: list[str] = []
    error_message = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise DomainError(_("กรุณาเลือกไฟล์ Excel (.xlsx) ที่จะนำเข้า"), field="file")
            data = read_framework_xlsx(upload, type_labels=type_labels(framework.unit_type))
            editor.framework_replace(actor=request.user, framework=framework, data=data)
        except DomainError as error:
            error_message = error.message
            problems = getattr(error, "problems", [])
        else:
            indicators = sum(len(c.indicators) for c in data.components)
            messages.success(
                request,
                _("นำเข้าเกณฑ์จาก Excel แล้ว: %(c)d องค์ประกอบ %(i)d ตัวบ่งชี้")
                % {"c": len(data.components), "i": indicators},
            )
            return redirect(_editor_url(framework))
    return render(
        request,
        "frameworks/framework_import.html",
        {
            "framework": framework,
            "type_label": _type_label(framework),
            "year_label": _year_label(framework),
            "refusal": editor.edit_refusal(request.user, framework),
            "error_message": error_message,
            "problems": problems,
        },
        status=400 if error_message else 200,
    )


# --- copying into a year ---------------------------------------------------------------------


@login_required
def framework_copy_choices(request, year_id: int, unit_type: str):
    """What the province may copy into this year for one type: the department's default or one
    of its own earlier years' frameworks. The copy itself is frameworks:framework_copy."""
    if unit_type not in UnitType.values:
        raise Http404
    year = year_in_scope(request.user, year_id)
    if not request.user.manages_province(year.province_id):
        raise Http404
    sources = Framework.objects.annotate(indicator_count=Count("components__indicators"))
    default = sources.filter(programme_year__isnull=True, unit_type=unit_type).first()
    earlier = (
        sources.filter(
            programme_year__province_id=year.province_id,
            programme_year__fiscal_year__lt=year.fiscal_year,
            unit_type=unit_type,
        )
        .select_related("programme_year__province")
        .order_by("-programme_year__fiscal_year")
    )
    current = Framework.objects.filter(programme_year=year, unit_type=unit_type).first()
    return render(
        request,
        "frameworks/framework_copy_choices.html",
        {
            "year": year,
            "type_label": UnitType(unit_type).label,
            "default": default,
            "earlier": earlier,
            "current": current,
        },
    )
