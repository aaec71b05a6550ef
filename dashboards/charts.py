"""Charts drawn on the server as SVG: no script, no library, no CDN (the Content-Security-Policy
allows neither inline scripts nor inline styles: colours are SVG attributes and classes of
dashboards/static/dashboards/dashboards.css). Each chart is shown beside a table of the same
figures (templates/dashboards/level.html), which is what screen readers and copying use: the SVG
itself is marked aria-hidden.

Every label passes through `escape` (the standard library's: Django's is the same function behind
a lazy-text check that costs more than the escaping at a chart of 77 bars); the numbers are
ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

LABEL_WIDTH = 230
BAR_WIDTH = 360
ROW = 26


@dataclass
class Bar:
    label: str
    value: float | None
    href: str = ""
    text: str = ""  # the value as shown; by default the number


def _svg(width: int, height: int, *, css: str = "chart", align: str = "xMinYMin") -> str:
    """A chart's opening tag: hidden from screen readers (the table beside it is read)."""
    return (
        f'<svg class="{css}" viewBox="0 0 {width} {height}" width="{width}" '
        f'preserveAspectRatio="{align} meet" aria-hidden="true" focusable="false">'
    )


def _link(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def _text(bar: Bar, suffix: str) -> str:
    if bar.text:
        return bar.text
    if bar.value is None:
        return "–"
    return f"{bar.value:,.1f}{suffix}" if suffix else f"{bar.value:,.0f}"


def bars(
    rows: list[Bar],
    *,
    maximum: float | None = None,
    suffix: str = "",
    marker: float | None = None,
    marker_label: str = "",
    css: str = "bar",
) -> SafeString:
    """Horizontal bars, one a row, each a link when it has one; `marker` draws a vertical line
    (the quota)."""
    top = maximum if maximum is not None else max([r.value or 0 for r in rows] + [marker or 0, 1])
    height = ROW * len(rows) + 24
    width = LABEL_WIDTH + BAR_WIDTH + 80
    parts = [_svg(width, height)]
    for i, row in enumerate(rows):
        y = 8 + i * ROW
        length = 0.0 if not row.value else BAR_WIDTH * min(row.value, top) / top
        label = escape(row.label)
        parts.append(
            _link(
                row.href,
                f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" '
                f'class="chart-label">{label}</text>'
                f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length:.1f}" height="{ROW - 8}" '
                f'class="{css}"><title>{label}: {escape(_text(row, suffix))}</title></rect>'
                f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 15}" '
                f'class="chart-value">{escape(_text(row, suffix))}</text>',
            )
        )
    if marker:
        x = LABEL_WIDTH + BAR_WIDTH * min(marker, top) / top
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="4" y2="{height - 14}" class="chart-marker"/>'
            f'<text x="{x:.1f}" y="{height - 2}" text-anchor="middle" '
            f'class="chart-value">{escape(marker_label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass
class Pair:
    label: str
    before: float
    after: float


def pairs(rows: list[Pair]) -> SafeString:
    """Two bars a row (before, after), percent out of 100."""
    row_height = 2 * ROW - 8
    height = row_height * len(rows) + 30
    width = LABEL_WIDTH + BAR_WIDTH + 80
    parts = [_svg(width, height)]
    for i, row in enumerate(rows):
        y = 8 + i * row_height
        label = escape(row.label)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 20}" text-anchor="end" '
            f'class="chart-label">{label}</text>'
        )
        for j, (value, css) in enumerate(((row.before, "bar-before"), (row.after, "bar-after"))):
            length = BAR_WIDTH * max(0.0, min(value, 100.0)) / 100.0
            top = y + j * (ROW - 8)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{top}" width="{length:.1f}" height="{ROW - 10}" '
                f'class="{css}"/><text x="{LABEL_WIDTH + length + 6:.1f}" y="{top + 13}" '
                f'class="chart-value">{value:.1f}%</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass
class Column:
    label: str
    first: int
    second: int


def columns(rows: list[Column]) -> SafeString:
    """Vertical pairs of columns a year (units, certified)."""
    height = 200
    step = 56
    width = max(step * len(rows) + 40, 200)
    top = max([r.first for r in rows] + [1])
    parts = [_svg(width, height + 40)]
    for i, row in enumerate(rows):
        x = 20 + i * step
        for j, (value, css) in enumerate(((row.first, "bar"), (row.second, "bar-after"))):
            h = height * value / top
            parts.append(
                f'<rect x="{x + j * 22}" y="{height - h + 10:.1f}" width="20" height="{h:.1f}" '
                f'class="{css}"><title>{escape(row.label)}: {value:,}</title></rect>'
            )
        parts.append(
            f'<text x="{x + 21}" y="{height + 28}" text-anchor="middle" '
            f'class="chart-label">{escape(row.label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass
class Tile:
    code: str
    name: str
    col: int
    row: int
    value: float | None
    text: str
    href: str


SHADES = 5
TILE = 58


def tiles(rows: list[Tile]) -> SafeString:
    """A tile grid of provinces (one square each, placed roughly where the province lies),
    shaded in five steps from the lowest to the highest value; each tile links to its page."""
    values = [t.value for t in rows if t.value is not None]
    low, high = (min(values), max(values)) if values else (0.0, 0.0)
    cols = max([t.col for t in rows] + [0]) + 1
    lines = max([t.row for t in rows] + [0]) + 1
    parts = [_svg(cols * TILE, lines * TILE, css="chart tiles", align="xMidYMin")]
    for t in rows:
        if t.value is None:
            shade = "none"
        elif high == low:
            shade = str(SHADES - 1)
        else:
            shade = str(min(SHADES - 1, int((t.value - low) * SHADES / (high - low))))
        x, y = t.col * TILE, t.row * TILE
        name = escape(t.name)
        parts.append(
            _link(
                t.href,
                f'<rect x="{x + 1}" y="{y + 1}" width="{TILE - 2}" height="{TILE - 2}" rx="4" '
                f'class="tile shade-{shade}"><title>{name}: {escape(t.text)}</title></rect>'
                f'<text x="{x + TILE / 2}" y="{y + 24}" text-anchor="middle"{squeeze(t.name)} '
                f'class="tile-name shade-text-{shade}">{name}</text>'
                f'<text x="{x + TILE / 2}" y="{y + 44}" text-anchor="middle" '
                f'class="tile-value shade-text-{shade}">{escape(t.text)}</text>',
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


# Thai vowel and tone marks written above or below their consonant take no width of their own.
COMBINING = {
    "\u0e31",
    *(chr(c) for c in range(0x0E34, 0x0E3B)),
    *(chr(c) for c in range(0x0E47, 0x0E4F)),
}


def squeeze(name: str) -> str:
    """A name too long for its tile (about 6 px a letter at its size) is fitted into it rather
    than cut; a shorter one keeps its natural width."""
    letters = sum(1 for ch in name if ch not in COMBINING)
    if letters * 6 <= TILE - 8:
        return ""
    return f' textLength="{TILE - 8}" lengthAdjust="spacingAndGlyphs"'
