"""The dashboard's four levels, one page shape: country → province → district → unit. Thin: the
figures come from dashboards.selectors, the drawings from dashboards.charts; this module only
chooses the part, builds the links behind each figure and picks the template's rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts.permissions import is_department, is_district_staff, is_province_officer
from core.scope import get_in_scope
from dashboards import charts, selectors
from dashboards.permissions import (
    can_read_country,
    can_read_dashboards,
    can_read_district,
    can_read_province,
)
from dashboards.stages import STAGES
from dashboards.tiles import LAYOUT
from geography.models import District, Province
from programme.models import ProgrammeYear, UnitType
from registration.models import Status, Unit

# Figures a child table may be sorted by and the tile grid coloured by.
SORT_KEYS = [
    "name",
    *(key for key, _label in STAGES),
    "quota",
    "pass_rate",
    "returned",
    "missed",
    "due_soon",
    "certificates_issued",
    "certificates_revoked",
    "reports_received",
]
MAP_KEYS = ["registered", "certified", "pass_rate", "returned", "missed"]


@dataclass
class Cell:
    text: str
    href: str = ""
    css: str = ""


@dataclass
class ChildRow:
    code: str
    label: str
    href: str
    figures: selectors.Figures
    cells: list[Cell] = field(default_factory=list)

    @property
    def html(self) -> SafeString:
        """The row's cells, built here rather than in the template: 77 provinces × 15 figures
        are the page's largest part, and plain escaped strings are several times cheaper than
        as many template lookups (scripts/benchmark_dashboards.py). Every text and link is
        escaped."""
        cells = "".join(
            f'<td class="num {escape(c.css)}">'
            + (f'<a href="{escape(c.href)}">{escape(c.text)}</a>' if c.href else escape(c.text))
            + "</td>"
            for c in self.cells
        )
        return mark_safe(f'<th><a href="{escape(self.href)}">{escape(self.label)}</a></th>{cells}')


@dataclass
class Filters:
    fiscal_year: int
    unit_type: str
    years: list[int]

    def query(self, **extra: Any) -> str:
        values = {"fy": self.fiscal_year, **({"type": self.unit_type} if self.unit_type else {})}
        values.update({k: v for k, v in extra.items() if v not in (None, "")})
        return urlencode(values)


def _filters(request) -> Filters:
    years = selectors.fiscal_years(request.user)
    if not years:
        raise Http404
    try:
        fiscal_year = int(request.GET.get("fy", ""))
    except ValueError:
        fiscal_year = years[0]
    if fiscal_year not in years:
        fiscal_year = years[0]
    unit_type = request.GET.get("type", "")
    if unit_type not in UnitType.values:
        unit_type = ""
    return Filters(fiscal_year=fiscal_year, unit_type=unit_type, years=years)


def _number(value: int) -> str:
    return f"{value:,}"


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def register_url(year: ProgrammeYear | None, filters: Filters, **params: str) -> str:
    """The register (registration's unit list) filtered to exactly the units behind a figure."""
    if year is None:
        return ""
    query = {"year": year.pk, **({"unit_type": filters.unit_type} if filters.unit_type else {})}
    query.update({k: v for k, v in params.items() if v})
    return f"{reverse('registration:register')}?{urlencode(query)}"


def _year_page(year: ProgrammeYear | None) -> str:
    return reverse("programme:status", args=[year.pk]) if year is not None else ""


def _certificates_url(year: ProgrammeYear | None) -> str:
    return f"{reverse('certification:list')}?year={year.pk}" if year is not None else ""


def _cells(figures: selectors.Figures, link: Any, *, reports: bool) -> list[Cell]:
    """The child table's figures in column order (the template's header follows SORT_KEYS)."""
    cells = [Cell(_number(figures.stages[key]), link(key)) for key, _label in STAGES]
    deadlines = figures.deadlines
    cells += [
        Cell(_number(figures.quota), link("quota")),
        Cell(_rate(figures.pass_rate), link("assessed")),
        Cell(_number(figures.returned), link("returned")),
        Cell(_number(deadlines.missed), link("deadlines"), "rag-red" if deadlines.missed else ""),
        Cell(
            _number(deadlines.due_soon),
            link("deadlines"),
            "rag-amber" if deadlines.due_soon else "",
        ),
        Cell(_number(figures.certificates_issued), link("certificates")),
        Cell(_number(figures.certificates_revoked), link("certificates")),
    ]
    if reports:
        cells.append(
            Cell(f"{figures.reports_received}/{figures.districts}", link("reports_received"))
        )
    return cells


def _sort(rows: list[ChildRow], request) -> tuple[str, str]:
    key = request.GET.get("sort", "name")
    if key not in SORT_KEYS:
        key = "name"
    direction = "asc" if request.GET.get("dir") == "asc" else "desc"
    if key == "name":
        direction = "desc" if request.GET.get("dir") == "desc" else "asc"
        rows.sort(key=lambda r: r.code, reverse=direction == "desc")
    else:
        rows.sort(key=lambda r: (r.figures.value(key), r.code), reverse=direction == "desc")
    return key, direction


def _pass_rows(children: list[ChildRow]) -> SafeString:
    """The pass-rate table's rows (built here for the same reason as ChildRow.html)."""
    return format_html_join(
        "",
        '<tr><td><a href="{}">{}</a></td><td class="num">{}</td><td class="num">{}</td>'
        '<td class="num">{}</td></tr>',
        (
            (
                c.href,
                c.label,
                c.figures.stages["certified"],
                c.figures.assessed,
                _rate(c.figures.pass_rate),
            )
            for c in children
        ),
    )


def _tile_rows(tiles: list[charts.Tile]) -> SafeString:
    return format_html_join(
        "",
        '<tr><td><a href="{}">{}</a></td><td class="num">{}</td></tr>',
        ((t.href, t.name, t.text) for t in sorted(tiles, key=lambda t: t.code)),
    )


def _unit_rows(rows: list[selectors.UnitRow]) -> SafeString:
    return format_html_join(
        "",
        '<tr><td><a href="{}">{}</a></td><td>{}</td><td><span class="badge {}">{}</span></td>'
        "{}</tr>",
        (
            (
                reverse("dashboards:unit", args=[row.unit.pk]),
                row.unit.name,
                row.unit.type_label,
                row.unit.status,
                row.unit.get_status_display(),
                format_html_join(
                    "",
                    '<td class="num">{}</td>',
                    (("✓" if ok else "–",) for ok in row.reached.values()),
                ),
            )
            for row in rows
        ),
    )


def _counted(part: selectors.Part, level: str, key: str) -> selectors.Counted:
    """The part's figures by child, its before → after change and its trends (only the change
    is cached, dashboards/cache.py)."""
    return selectors.counted(part, key, trends=level != "unit")


def _funnel(figures: selectors.Figures, link: Any) -> list[charts.Bar]:
    return [charts.Bar(str(label), figures.stages[key], link(key)) for key, label in STAGES]


def _page(
    request,
    *,
    level: str,
    part: selectors.Part,
    filters: Filters,
    title: str,
    crumbs: list[tuple[str, str]],
    totals: selectors.Figures,
    total_link: Any,
    children: list[ChildRow] | None = None,
    change: selectors.Change,
    trend_rows: list[selectors.TrendRow],
    children_label: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "level": level,
        "title": title,
        "crumbs": crumbs,
        "filters": filters,
        "unit_types": UnitType.choices,
        "totals": totals,
        "stages": [(key, label, totals.stages[key], total_link(key)) for key, label in STAGES],
        "funnel_chart": charts.bars(
            _funnel(totals, total_link),
            marker=totals.quota if level != "unit" else None,
            marker_label=_("เป้าหมาย %(n)s") % {"n": _number(totals.quota)},
        ),
        "links": {
            key: total_link(key)
            for key in ("assessed", "returned", "deadlines", "certificates", "quota", "change")
        },
        "change": change,
        "change_chart": charts.pairs(
            [charts.Pair(c.name, c.before, c.after) for c in change.components]
        )
        if change.components
        else "",
        "children": children,
        "children_label": children_label,
        "sort_keys": SORT_KEYS,
        "stage_labels": [label for _key, label in STAGES],
    }
    if children:
        context["pass_rows"] = _pass_rows(children)
        context["pass_chart"] = charts.bars(
            [charts.Bar(c.label, c.figures.pass_rate, c.href) for c in children],
            maximum=100.0,
            suffix="%",
            css="bar-after",
        )
    if level != "unit":
        context["trends"] = trend_rows
        context["trend_chart"] = (
            charts.columns(
                [
                    charts.Column(str(t.fiscal_year), t.units_total, t.certified_total)
                    for t in trend_rows
                ]
            )
            if trend_rows
            else ""
        )
    context.update(extra or {})
    return render(request, "dashboards/level.html", context)


@login_required
def home(request) -> HttpResponse:
    """The dashboard at the user's own level."""
    user = request.user
    if not can_read_dashboards(user):
        raise Http404
    if is_department(user):
        return redirect("dashboards:country")
    if is_province_officer(user):
        return redirect("dashboards:province", province_code=user.province_id)
    if is_district_staff(user):
        return redirect("dashboards:district", district_code=user.district_id)
    raise Http404


@login_required
def country(request) -> HttpResponse:
    user = request.user
    if not can_read_country(user):
        raise Http404
    filters = _filters(request)
    part = selectors.Part(user=user, fiscal_year=filters.fiscal_year, unit_type=filters.unit_type)
    counted = _counted(part, "country", "province")
    by_province = counted.figures
    provinces = selectors.provinces()
    rows = []
    for code, province in provinces.items():
        figures = by_province.get(code, selectors.Figures())
        href = (
            reverse("dashboards:province", kwargs={"province_code": code}) + "?" + filters.query()
        )
        rows.append(
            ChildRow(
                code,
                province.name_th,
                href,
                figures,
                _cells(
                    figures,
                    lambda key, href=href: href + ("#deadlines" if key == "deadlines" else ""),
                    reports=True,
                ),
            )
        )
    totals = selectors.total(by_province)
    map_key = request.GET.get("map", "certified")
    if map_key not in MAP_KEYS:
        map_key = "certified"
    tiles = [
        charts.Tile(
            row.code,
            row.label,
            *LAYOUT.get(row.code, (9, 16)),
            value=None
            if map_key == "pass_rate" and row.figures.pass_rate is None
            else row.figures.value(map_key),
            text=_rate(row.figures.pass_rate)
            if map_key == "pass_rate"
            else _number(int(row.figures.value(map_key))),
            href=row.href,
        )
        for row in rows
    ]
    sort, direction = _sort(rows, request)

    def total_link(key: str) -> str:
        # The level below the country is the provinces' table, sorted by that figure.
        target = {
            "assessed": "pass_rate",
            "deadlines": "missed",
            "certificates": "certificates_issued",
        }
        if key == "change":
            return "#change"  # the country's per-component table below
        return "?" + filters.query(sort=target.get(key, key)) + "#children"

    return _page(
        request,
        level="country",
        part=part,
        filters=filters,
        title=_("ภาพรวมทั้งประเทศ"),
        crumbs=[],
        totals=totals,
        total_link=total_link,
        change=counted.change,
        trend_rows=counted.trends,
        children=rows,
        children_label=_("จังหวัด"),
        extra={
            "sort": sort,
            "direction": direction,
            "map_key": map_key,
            "map_keys": [(key, _map_label(key)) for key in MAP_KEYS],
            "tile_chart": charts.tiles(tiles),
            "tile_rows": _tile_rows(tiles),
        },
    )


def _map_label(key: str) -> str:
    labels = {
        "registered": _("สมัคร"),
        "certified": _("ผ่านการรับรอง"),
        "pass_rate": _("อัตราผ่าน"),
        "returned": _("ส่งคืนเอกสาร"),
        "missed": _("ส่งรายงานไม่ทันกำหนด"),
    }
    return labels[key]


@login_required
def province(request, province_code: str) -> HttpResponse:
    user = request.user
    if not can_read_province(user, province_code):
        raise Http404
    area = get_in_scope(user, Province, pk=province_code)
    filters = _filters(request)
    part = selectors.Part(
        user=user,
        fiscal_year=filters.fiscal_year,
        unit_type=filters.unit_type,
        province_id=area.pk,
    )
    year = selectors.year_of(user, area.pk, filters.fiscal_year)
    counted = _counted(part, "province", "district")
    by_district = counted.figures
    rows = []
    for district in part.districts().order_by("code"):
        figures = by_district.get(district.pk, selectors.Figures())
        href = (
            reverse("dashboards:district", kwargs={"district_code": district.pk})
            + "?"
            + filters.query()
        )
        rows.append(
            ChildRow(
                district.pk,
                district.display_name,
                href,
                figures,
                _cells(figures, _unit_links(year, filters, district.pk, href), reports=False),
            )
        )
    sort, direction = _sort(rows, request)
    crumbs = []
    if can_read_country(user):
        crumbs.append((_("ทั้งประเทศ"), reverse("dashboards:country") + "?" + filters.query()))
    return _page(
        request,
        level="province",
        part=part,
        filters=filters,
        title=_("จังหวัด%(name)s") % {"name": area.name_th},
        crumbs=crumbs,
        totals=selectors.total(by_district),
        total_link=_unit_links(year, filters, None, "#children"),
        change=counted.change,
        trend_rows=counted.trends,
        children=rows,
        children_label=_("อำเภอ"),
        extra={"sort": sort, "direction": direction, "year": year},
    )


def _unit_links(year: ProgrammeYear | None, filters: Filters, district: str | None, below: str):
    """The link behind each figure of a province's or a district's part: the register filtered
    to exactly its units, the year's quota and deadline page, the year's certificates."""

    def link(key: str) -> str:
        district_code = district or ""
        if key == "returned":
            return register_url(
                year, filters, district=district_code, status=Status.DOCUMENTS_RETURNED
            )
        if key in ("quota", "deadlines", "reports_received"):
            return _year_page(year)
        if key == "certificates":
            return _certificates_url(year)
        if key == "change":
            # The stage 3–4 progress page: each unit's before and after.
            return reverse("development:progress", args=[year.pk]) if year is not None else ""
        return register_url(year, filters, district=district_code, stage=key)

    return link


@login_required
def district(request, district_code: str) -> HttpResponse:
    user = request.user
    area = get_in_scope(user, District.objects.select_related("province"), pk=district_code)
    if not can_read_district(user, area.province_id, area.pk):
        raise Http404
    filters = _filters(request)
    part = selectors.Part(
        user=user,
        fiscal_year=filters.fiscal_year,
        unit_type=filters.unit_type,
        district_id=area.pk,
    )
    year = selectors.year_of(user, area.province_id, filters.fiscal_year)
    counted = _counted(part, "district", "district")
    totals = counted.figures.get(area.pk, selectors.Figures())
    page = Paginator(selectors.unit_rows(part.units()), 50).get_page(request.GET.get("page"))
    units = [selectors.UnitRow(unit, selectors.unit_reached(unit)) for unit in page]
    crumbs = []
    if can_read_country(user):
        crumbs.append((_("ทั้งประเทศ"), reverse("dashboards:country") + "?" + filters.query()))
    if can_read_province(user, area.province_id):
        crumbs.append(
            (
                _("จังหวัด%(name)s") % {"name": area.province.name_th},
                reverse("dashboards:province", kwargs={"province_code": area.province_id})
                + "?"
                + filters.query(),
            )
        )
    return _page(
        request,
        level="district",
        part=part,
        filters=filters,
        title=area.display_name,
        crumbs=crumbs,
        totals=totals,
        total_link=_unit_links(year, filters, area.pk, "#units"),
        change=counted.change,
        trend_rows=counted.trends,
        extra={
            "units": _unit_rows(units),
            "page": page,
            "year": year,
            "page_query": filters.query(),
        },
    )


@login_required
def unit(request, unit_pk: int) -> HttpResponse:
    user = request.user
    if not can_read_dashboards(user):
        raise Http404  # committee members read units on their rounds, not the offices' figures
    target = get_in_scope(
        user, Unit.objects.select_related("district__province", "programme_year"), pk=unit_pk
    )
    filters = Filters(
        fiscal_year=target.fiscal_year, unit_type=target.unit_type, years=[target.fiscal_year]
    )
    part = selectors.Part(
        user=user,
        fiscal_year=target.fiscal_year,
        unit_type=target.unit_type,
        district_id=target.district_id,
        unit_id=target.pk,
    )
    counted = _counted(part, "unit", "district")
    totals = counted.figures.get(target.district_id, selectors.Figures())
    reached = selectors.unit_reached(selectors.unit_rows(part.units()).get())
    detail = reverse("registration:detail", args=[target.pk])
    area = target.district
    crumbs = []
    if can_read_country(user):
        crumbs.append((_("ทั้งประเทศ"), reverse("dashboards:country") + "?" + filters.query()))
    if can_read_province(user, area.province_id):
        crumbs.append(
            (
                _("จังหวัด%(name)s") % {"name": area.province.name_th},
                reverse("dashboards:province", kwargs={"province_code": area.province_id})
                + "?"
                + filters.query(),
            )
        )
    crumbs.append(
        (
            area.display_name,
            reverse("dashboards:district", kwargs={"district_code": area.pk})
            + "?"
            + filters.query(),
        )
    )
    year = target.programme_year

    def link(key: str) -> str:
        if key == "certificates":
            return _certificates_url(year)
        if key in ("deadlines", "quota"):
            return _year_page(year)
        if key == "change":
            return reverse("development:result", kwargs={"unit_pk": target.pk})
        return detail

    return _page(
        request,
        level="unit",
        part=part,
        filters=filters,
        title=target.name,
        crumbs=crumbs,
        totals=totals,
        total_link=link,
        change=counted.change,
        trend_rows=counted.trends,
        extra={"unit": target, "reached": [(label, reached[key]) for key, label in STAGES]},
    )
