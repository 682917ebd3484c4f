"""Server-rendered inline SVG charts (CSP 'self': no script, no style attributes).

Readable in print: women solid, men hatched, every bar labelled with its number, so
nothing depends on colour alone."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

from stats.tables import Table, format_percent

WOMEN = "#b5487a"
MEN = "#2f6db5"
SWEDEN = "#7b8794"
INK = "#1d2433"
MUTED = "#5b6475"


def _defs(prefix: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{prefix}-hatch-m" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#dbe7f5"/><rect width="2.2" height="6" fill="{MEN}"/></pattern>'
        f'<pattern id="{prefix}-hatch-s" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="#e4e7eb"/><circle cx="2.5" cy="2.5" r="1.2" fill="{SWEDEN}"/></pattern>'
        "</defs>"
    )


def _short(label: str, size: int = 30) -> str:
    return label if len(label) <= size else label[: size - 1].rstrip() + "…"


def _text(x, y, value, *, anchor="start", size=12, weight="normal", fill=INK) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'fill="{fill}">{escape(value)}</text>')


def _legend(x, y, items) -> str:
    parts = []
    for label, fill in items:
        parts.append(f'<rect x="{x}" y="{y - 10}" width="14" height="12" fill="{fill}" stroke="{INK}" '
                     'stroke-width="0.5"/>')
        parts.append(_text(x + 19, y, label, size=12))
        x += 30 + 7.5 * len(label)
    return "".join(parts)


def kon_bars(table: Table, *, width: int = 560) -> str:
    """Horizontal bars by kön for a by-kön table."""
    prefix = f"c-{table.key}"
    label_width, bar = 240, 12  # room for _short()'s 30 characters at 12 px
    row_height = 2 * bar + 10
    top = 26
    height = top + row_height * len(table.rows) + 8
    peak = max(table.max_count, 1)
    scale = (width - label_width - 50) / peak
    title = f"{table.title}: antal kvinnor och män"
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        _defs(prefix),
        _legend(label_width, 14, [("Kvinnor", WOMEN), ("Män (randigt)", f"url(#{prefix}-hatch-m)")]),
    ]
    for index, row in enumerate(table.rows):
        y = top + index * row_height
        parts.append(_text(label_width - 8, y + bar + 4, _short(row[0].value), anchor="end", size=12))
        for offset, (cell, fill) in enumerate(((row[1], WOMEN), (row[2], f"url(#{prefix}-hatch-m)"))):
            bar_y = y + offset * bar
            length = (cell.value or 0) * scale
            if length:
                parts.append(f'<rect x="{label_width}" y="{bar_y}" width="{length:.1f}" height="{bar - 1}" '
                             f'fill="{fill}" stroke="{INK}" stroke-width="0.4"/>')
            shown = cell.mark if cell.mark is not None else str(cell.value or 0)
            parts.append(_text(label_width + length + 4, bar_y + bar - 2, shown, size=10.5, fill=MUTED))
    parts.append(f'<line x1="{label_width}" y1="{top - 2}" x2="{label_width}" y2="{height - 6}" '
                 f'stroke="{INK}" stroke-width="1"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def goal_bars(items: list[dict], *, width: int = 560) -> str:
    """Each intervention's share to work or studies, with its goal as a marked line."""
    items = [item for item in items if item["ended"] != 0]
    if not items:
        return ""
    label_width, bar, row_height, top = 240, 16, 28, 26
    height = top + row_height * len(items) + 22
    scale = (width - label_width - 60) / 100
    parts = [
        f'<svg class="chart" role="img" aria-label="Andel till arbete eller studier per insats, mot målet" '
        f'viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        "<title>Andel till arbete eller studier per insats, mot målet</title>",
        _legend(label_width, 14, [("Andel till arbete/studier", MEN)]),
        f'<line x1="{label_width + 205}" y1="6" x2="{label_width + 205}" y2="16" stroke="{INK}" stroke-width="3"/>',
        _text(label_width + 212, 14, "Mål", size=12),
    ]
    for index, item in enumerate(items):
        y = top + index * row_height
        parts.append(_text(label_width - 8, y + bar - 3, _short(item["name"]), anchor="end", size=12))
        value = item["share_work_or_studies"]
        length = (value or 0) * scale
        if length:
            parts.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" fill="{MEN}"/>')
        parts.append(_text(label_width + length + 4, y + bar - 3, format_percent(value).replace("\u00a0", " "),
                           size=11, fill=MUTED))
        if item["goal_share"] is not None:
            x = label_width + item["goal_share"] * scale
            parts.append(f'<line x1="{x:.1f}" y1="{y - 3}" x2="{x:.1f}" y2="{y + bar + 3}" stroke="{INK}" '
                         'stroke-width="3"/>')
            parts.append(_text(x, y + bar + 12, f"mål {item['goal_share']} %", anchor="middle", size=9.5))
    axis_y = top + row_height * len(items) + 4
    for tick in (0, 25, 50, 75, 100):
        x = label_width + tick * scale
        parts.append(_text(x, axis_y + 12, f"{tick} %", anchor="middle", size=10, fill=MUTED))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def trend_bars(rows: list[dict], *, width: int = 560, title: str = "Andel avslutade till arbete eller studier") -> str:
    """Per year: the association (solid) beside Sverige (dotted), labelled in percent."""
    if not rows:
        return ""
    prefix = "trend"
    height, top, bottom, left = 230, 30, 30, 36
    plot = height - top - bottom
    peak = max([row["local"] or 0 for row in rows] + [row["national"] or 0 for row in rows] + [10])
    peak = (int(peak / 10) + 1) * 10
    group = (width - left - 10) / len(rows)
    bar = min(34, group / 3)
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)} per år, Malmö och Sverige</title>",
        _defs(prefix),
        _legend(left, 14, [("Malmö", MEN), ("Sverige (prickigt)", f"url(#{prefix}-hatch-s)")]),
    ]
    base = top + plot
    for tick in range(0, peak + 1, max(10, peak // 5 // 10 * 10)):
        y = base - tick / peak * plot
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 6}" y2="{y:.1f}" stroke="#e4e7eb"/>')
        parts.append(_text(left - 4, y + 4, f"{tick}", anchor="end", size=10, fill=MUTED))
    for index, row in enumerate(rows):
        x0 = left + index * group + (group - 2 * bar) / 2
        for offset, (value, fill) in enumerate(((row["local"], MEN), (row["national"], f"url(#{prefix}-hatch-s)"))):
            x = x0 + offset * bar
            if value is None:
                parts.append(_text(x + bar / 2, base - 4, "–", anchor="middle", size=11, fill=MUTED))
                continue
            h = value / peak * plot
            parts.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" fill="{fill}" '
                         f'stroke="{INK}" stroke-width="0.4"/>')
            parts.append(_text(x + bar / 2 - 1, base - h - 4, f"{value:.0f} %", anchor="middle", size=10.5))
        parts.append(_text(left + index * group + group / 2, base + 16, str(row["year"]), anchor="middle", size=12))
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - 6}" y2="{base}" stroke="{INK}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def heat_level(count: int | None, peak: int) -> int:
    """0–5: the shade class of a heat-table cell (the number is always printed too)."""
    if not count or not peak:
        return 0
    return min(5, 1 + int(4 * count / peak + 0.5))
