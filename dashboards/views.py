"""The dashboard's four levels, one page shape: country → province → district → unit. Thin: the
figures come from dashboards.selectors, the drawings from dashboards.charts; this module only
chooses the part, builds the links behind each figure and picks the template's rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape as _escape
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_department, is_district_staff, is_province_officer
from core.scope import get_in_scope
from core.thai import thai_date_short
from dashboards import charts, selectors
from dashboards.cache import cached
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
    "year_end_reports",
]
MAP_KEYS = ["registered", "certified", "pass_rate", "returned", "missed"]


@dataclass
class ChildRow:
    code: str
    label: str
    href: str
    figures: selectors.Figures
    cells: str = ""  # the figures' cells, escaped (_cells)

    @property
    def html(self) -> str:
        return f'<th><a href="{_escape(self.href)}">{_escape(self.label)}</a></th>{self.cells}'


def _child_rows(rows: list[ChildRow]) -> SafeString:
    """The child table's body in one string (ChildRow.html), not a template loop a row."""
    return mark_safe(
        "".join(f'<tr data-child="{_escape(row.code)}">{row.html}</tr>' for row in rows)
    )


def _path_of(name: str, kwarg: str, *, marker: str = "__code__") -> Callable[[str], str]:
    """The path of `name` for any code, from one reverse(): a table's rows differ only by the
    code, and a reverse() a row (let alone a cell) was most of the page's time. The code goes
    in quoted as reverse() quotes it (django.urls.resolvers); `marker` stands in for it and
    must suit the URL's converter (digits for an int)."""
    before, _marker, after = reverse(name, kwargs={kwarg: marker}).partition(marker)
    return lambda code: before + quote(code, safe=RFC3986_SUBDELIMS + "/~:@") + after


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


def _part(user: User, filters: Filters, **where: Any) -> selectors.Part:
    """What a level counts: the user's scope, the chosen year and type, and `where` (the
    province or the district)."""
    return selectors.Part(
        user=user, fiscal_year=filters.fiscal_year, unit_type=filters.unit_type, **where
    )


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


def _cells(figures: selectors.Figures, link: Any, *, reports: bool) -> str:
    """The child table's figures in column order (the template's header follows SORT_KEYS), as
    the row's cells. Built here rather than in the template: 77 provinces × 15 figures are the
    page's largest part, and plain escaped strings are several times cheaper than as many
    template lookups or objects (scripts/benchmark_dashboards.py). Every text and link is
    escaped, with the standard library's escape: Django's is the same function behind a
    lazy-text check that costs more than the escaping at a thousand cells."""
    deadlines = figures.deadlines
    # (text, the figure's link key, CSS class)
    cells = [(_number(figures.stages[key]), key, "") for key, _label in STAGES]
    cells += [
        (_number(figures.quota), "quota", ""),
        (_rate(figures.pass_rate), "assessed", ""),
        (_number(figures.returned), "returned", ""),
        (_number(deadlines.missed), "deadlines", "rag-red" if deadlines.missed else ""),
        (_number(deadlines.due_soon), "deadlines", "rag-amber" if deadlines.due_soon else ""),
        (_number(figures.certificates_issued), "certificates", ""),
        (_number(figures.certificates_revoked), "certificates", ""),
    ]
    if reports:
        cells.append((f"{figures.reports_received}/{figures.districts}", "reports_received", ""))
        sent_on = figures.year_end_sent_on
        cells.append(
            (
                thai_date_short(sent_on) if sent_on else str(_("ยังไม่ส่ง")),
                "year_end_reports",
                "" if sent_on else "rag-amber",
            )
        )
    links: dict[str, str] = {}  # a row's figures share a few links: each built and escaped once
    html = []
    for text, key, css in cells:
        href = links.get(key)
        if href is None:
            href = links[key] = _escape(link(key))
        shown = f'<a href="{href}">{_escape(text)}</a>' if href else _escape(text)
        html.append(f'<td class="num {css}">{shown}</td>')
    return "".join(html)


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
    """The pass-rate table's rows (built here, and escaped, as ChildRow.html is)."""
    return mark_safe(
        "".join(
            f'<tr><td><a href="{_escape(c.href)}">{_escape(c.label)}</a></td>'
            f'<td class="num">{c.figures.stages["certified"]}</td>'
            f'<td class="num">{c.figures.assessed}</td>'
            f'<td class="num">{_escape(_rate(c.figures.pass_rate))}</td></tr>'
            for c in children
        )
    )


def _sorters(filters: Filters, sort: str, direction: str, level: str) -> SafeString:
    """The child table's row of sort links, one a figure (a template loop of fifteen cells with
    four conditions each cost as much as the table's body)."""
    query = _escape(filters.query())
    label = _escape(_("เรียงตามคอลัมน์นี้"))
    cells = ["<td></td>"]
    for key in SORT_KEYS:
        if key == "name" or (
            key in ("reports_received", "year_end_reports") and level != "country"
        ):
            continue
        flip = "asc" if sort == key and direction == "desc" else "desc"
        arrow = ("▼" if direction == "desc" else "▲") if sort == key else "↕"
        cells.append(
            f'<td class="num"><a href="?{query}&amp;sort={key}&amp;dir={flip}#children" '
            f'aria-label="{label}">{arrow}</a></td>'
        )
    return mark_safe("".join(cells))


def _trend_rows(trends: list[selectors.TrendRow]) -> SafeString:
    """The yearly trends' rows: registered / certified of each type, then both in all."""
    return mark_safe(
        "".join(
            f"<tr><td>{t.fiscal_year}</td>"
            + "".join(
                f'<td class="num">{n}'
                + (f" / {t.certified[value]}" if value in t.certified else "")
                + "</td>"
                for value, n in t.units.items()
            )
            + f'<td class="num">{t.units_total} / {t.certified_total}</td></tr>'
            for t in trends
        )
    )


def _tile_rows(tiles: list[charts.Tile]) -> SafeString:
    return mark_safe(
        "".join(
            f'<tr><td><a href="{_escape(t.href)}">{_escape(t.name)}</a></td>'
            f'<td class="num">{_escape(t.text)}</td></tr>'
            for t in sorted(tiles, key=lambda t: t.code)
        )
    )


def _unit_rows(rows: list[selectors.UnitRow]) -> SafeString:
    """A district's page of units (fifty rows of ten cells), one path reversed for them all."""
    unit_path = _path_of("dashboards:unit", "unit_pk", marker="9876543210")
    reached = {True: '<td class="num">✓</td>', False: '<td class="num">–</td>'}
    # The labels translated once: get_status_display() hashes every choice's lazy label, a
    # dozen translations for each unit.
    types = {value: _escape(str(label)) for value, label in UnitType.choices}
    statuses = {value: _escape(str(label)) for value, label in Status.choices}
    return mark_safe(
        "".join(
            f'<tr><td><a href="{_escape(unit_path(str(row.unit.pk)))}">'
            f"{_escape(row.unit.name)}</a></td><td>{types[row.unit.unit_type]}</td>"
            f'<td><span class="badge {_escape(row.unit.status)}">'
            f"{statuses.get(row.unit.status) or _escape(row.unit.status)}</span></td>"
            + "".join(reached[bool(ok)] for ok in row.reached.values())
            + "</tr>"
            for row in rows
        )
    )


def _counted(part: selectors.Part, level: str, key: str) -> selectors.Counted:
    """The part's figures by child, its before → after change and its trends, summed from the
    tallies (docs/tallies.md) and cached under a mark of what they count (dashboards/cache.py)."""
    parts = (
        level,
        part.province_id,
        part.district_id,
        part.unit_id,
        part.fiscal_year,
        part.unit_type,
    )
    return cached(
        part.user,
        parts,
        part.all_years(),
        lambda: selectors.counted(part, key, trends=level != "unit"),
    )


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
        "stage_labels": [label for _key, label in STAGES],
    }
    if children:
        context["child_rows"] = _child_rows(children)
        context["pass_rows"] = _pass_rows(children)
        context["pass_chart"] = charts.bars(
            [charts.Bar(c.label, c.figures.pass_rate, c.href) for c in children],
            maximum=100.0,
            suffix="%",
            css="bar-after",
        )
    if level != "unit":
        context["trends"] = trend_rows
        context["trend_rows"] = _trend_rows(trend_rows)
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
    if children:
        context["sorters"] = _sorters(filters, context["sort"], context["direction"], level)
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
    part = _part(user, filters)
    counted = _counted(part, "country", "province")
    by_province = counted.figures
    provinces = selectors.provinces()
    province_path = _path_of("dashboards:province", "province_code")
    query = "?" + filters.query()
    rows = []
    for code, province in provinces.items():
        figures = by_province.get(code, selectors.Figures())
        href = province_path(code) + query
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
    part = _part(user, filters, province_id=area.pk)
    year = selectors.year_of(user, area.pk, filters.fiscal_year)
    counted = _counted(part, "province", "district")
    by_district = counted.figures
    links = UnitLinks(year, filters)
    district_path = _path_of("dashboards:district", "district_code")
    query = "?" + filters.query()
    rows = []
    for district in part.districts().order_by("code"):
        figures = by_district.get(district.pk, selectors.Figures())
        rows.append(
            ChildRow(
                district.pk,
                district.display_name,
                district_path(district.pk) + query,
                figures,
                _cells(figures, links.of(district.pk), reports=False),
            )
        )
    sort, direction = _sort(rows, request)
    return _page(
        request,
        level="province",
        part=part,
        filters=filters,
        title=_("จังหวัด%(name)s") % {"name": area.name_th},
        crumbs=_crumbs(user, filters),
        totals=selectors.total(by_district),
        total_link=links.of(None),
        change=counted.change,
        trend_rows=counted.trends,
        children=rows,
        children_label=_("อำเภอ"),
        extra={"sort": sort, "direction": direction, "year": year},
    )


class UnitLinks:
    """The link behind each figure of a province's or a district's part: the register filtered
    to exactly its units, the year's quota and deadline page, the year's certificates. Built
    once for a page and its table (the register's address and the year's pages reversed once,
    each row adding its district to one prefix), not a reverse() and a urlencode() a cell."""

    def __init__(self, year: ProgrammeYear | None, filters: Filters) -> None:
        self.register = register_url(year, filters)
        self.year_page = _year_page(year)
        self.certificates = _certificates_url(year)
        # The stage 3–4 progress page: each unit's before and after.
        self.progress = reverse("development:progress", args=[year.pk]) if year is not None else ""
        # What each figure adds to the register's query after the district (register_url's
        # order): its stage, filled in as the figures ask.
        self.register_params = {"returned": "&" + urlencode({"status": Status.DOCUMENTS_RETURNED})}

    def of(self, district: str | None) -> Callable[[str], str]:
        """The links of one district's figures (None: the whole part's)."""
        register = self.register
        if register and district:
            register += "&" + urlencode({"district": district})
        params = self.register_params

        def link(key: str) -> str:
            if key in ("quota", "deadlines", "reports_received"):
                return self.year_page
            if key == "certificates":
                return self.certificates
            if key == "change":
                return self.progress
            if not register:
                return ""
            param = params.get(key)
            if param is None:
                param = params[key] = "&" + urlencode({"stage": key})
            return register + param

        return link


def _crumbs(
    user: User,
    filters: Filters,
    province: Province | None = None,
    district: District | None = None,
) -> list[tuple[str, str]]:
    """The levels above a page that the user may read, each kept on the page's filters: the
    country, then the province and the district when the page lies below them."""
    query = "?" + filters.query()
    crumbs = []
    if can_read_country(user):
        crumbs.append((_("ทั้งประเทศ"), reverse("dashboards:country") + query))
    if province is not None and can_read_province(user, province.pk):
        crumbs.append(
            (
                _("จังหวัด%(name)s") % {"name": province.name_th},
                reverse("dashboards:province", kwargs={"province_code": province.pk}) + query,
            )
        )
    if district is not None:
        crumbs.append(
            (
                district.display_name,
                reverse("dashboards:district", kwargs={"district_code": district.pk}) + query,
            )
        )
    return crumbs


@login_required
def district(request, district_code: str) -> HttpResponse:
    user = request.user
    area = get_in_scope(user, District.objects.select_related("province"), pk=district_code)
    if not can_read_district(user, area.province_id, area.pk):
        raise Http404
    filters = _filters(request)
    part = _part(user, filters, district_id=area.pk)
    year = selectors.year_of(user, area.province_id, filters.fiscal_year)
    counted = _counted(part, "district", "district")
    totals = counted.figures.get(area.pk, selectors.Figures())
    # The page's ids first, from the units alone (the count joins nothing), then those fifty
    # with what their stages need.
    ordered = part.units().order_by("unit_type", "name", "pk").values_list("pk", flat=True)
    page = Paginator(ordered, 50).get_page(request.GET.get("page"))
    ids = list(page)
    rows = {u.pk: u for u in selectors.unit_rows(Unit.objects.filter(pk__in=ids))}
    units = [selectors.UnitRow(rows[pk], selectors.unit_reached(rows[pk])) for pk in ids]
    return _page(
        request,
        level="district",
        part=part,
        filters=filters,
        title=area.display_name,
        crumbs=_crumbs(user, filters, area.province),
        totals=totals,
        total_link=UnitLinks(year, filters).of(area.pk),
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
    crumbs = _crumbs(user, filters, area.province, area)
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
