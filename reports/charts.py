"""Server-rendered inline SVG charts (CSP 'self': no script, no style attributes).

Readable in print: women solid, men hatched, every bar labelled with its number, so
nothing depends on colour alone."""

from __future__ import annotations

import re

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


def _lines(label: str, size: int = 26) -> list[str]:
    """The label wrapped into lines of about `size` characters, at spaces and after a slash
    ("Sjukpenning/" "rehabiliteringspenning"): never cut, never broken inside a word."""
    lines: list[str] = []
    for word in str(label).split():
        parts = re.findall(r"[^/]+/?|/", word)
        for index, part in enumerate(parts):
            glue = "" if index else " "
            if lines and len(lines[-1]) + len(glue) + len(part) <= size:
                lines[-1] += glue + part
            else:
                lines.append(part)
    return lines or [""]


LINE = 13  # the height of one label line


def _label(x, y, lines: list[str], *, size=12) -> str:
    """Right-aligned lines ending at x, the block centred on y."""
    top = y - (len(lines) - 1) * LINE / 2
    spans = "".join(f'<tspan x="{x:.1f}" y="{top + index * LINE:.1f}">{escape(line)}</tspan>'
                    for index, line in enumerate(lines))
    return f'<text font-size="{size}" text-anchor="end" fill="{INK}">{spans}</text>'


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
    label_width, bar = 210, 12
    labels = [_lines(row[0].value) for row in table.rows]
    heights = [max(2 * bar + 10, LINE * len(lines) + 8) for lines in labels]
    top = 26
    height = top + sum(heights) + 8
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
    y = top
    for row, lines, row_height in zip(table.rows, labels, heights, strict=True):
        middle = y + (row_height - 10) / 2
        parts.append(_label(label_width - 8, middle + 4, lines))
        for offset, (cell, fill) in enumerate(((row[1], WOMEN), (row[2], f"url(#{prefix}-hatch-m)"))):
            bar_y = middle - bar + offset * bar
            length = (cell.value or 0) * scale
            if length:
                parts.append(f'<rect x="{label_width}" y="{bar_y}" width="{length:.1f}" height="{bar - 1}" '
                             f'fill="{fill}" stroke="{INK}" stroke-width="0.4"/>')
            shown = cell.mark if cell.mark is not None else str(cell.value or 0)
            parts.append(_text(label_width + length + 4, bar_y + bar - 2, shown, size=10.5, fill=MUTED))
        y += row_height
    parts.append(f'<line x1="{label_width}" y1="{top - 2}" x2="{label_width}" y2="{height - 6}" '
                 f'stroke="{INK}" stroke-width="1"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def goal_bars(items: list[dict], *, width: int = 560) -> str:
    """Each intervention's share to work or studies, with its goal as a marked line."""
    items = [item for item in items if item["ended"] != 0]
    if not items:
        return ""
    label_width, bar, top = 210, 16, 26
    labels = [_lines(item["name"]) for item in items]
    heights = [max(28, LINE * len(lines) + 10) for lines in labels]
    height = top + sum(heights) + 22
    scale = (width - label_width - 60) / 100
    parts = [
        f'<svg class="chart" role="img" aria-label="Andel till arbete eller studier per insats, mot målet" '
        f'viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        "<title>Andel till arbete eller studier per insats, mot målet</title>",
        _legend(label_width, 14, [("Andel till arbete/studier", MEN)]),
        f'<line x1="{label_width + 205}" y1="6" x2="{label_width + 205}" y2="16" stroke="{INK}" stroke-width="3"/>',
        _text(label_width + 212, 14, "Mål", size=12),
    ]
    row_y = top
    for item, lines, row_height in zip(items, labels, heights, strict=True):
        y = row_y + (row_height - 28) / 2  # the bar and its goal mark centred in the row
        parts.append(_label(label_width - 8, y + bar / 2 + 4, lines))
        value = item["share_work_or_studies"]
        length = (value or 0) * scale
        if length:
            parts.append(f'<rect x="{label_width}" y="{y:.1f}" width="{length:.1f}" height="{bar}" fill="{MEN}"/>')
        parts.append(_text(label_width + length + 4, y + bar - 3, format_percent(value).replace("\u00a0", " "),
                           size=11, fill=MUTED))
        if item["goal_share"] is not None:
            x = label_width + item["goal_share"] * scale
            parts.append(f'<line x1="{x:.1f}" y1="{y - 3:.1f}" x2="{x:.1f}" y2="{y + bar + 3:.1f}" stroke="{INK}" '
                         'stroke-width="3"/>')
            parts.append(_text(x, y + bar + 12, f"mål {item['goal_share']} %", anchor="middle", size=9.5))
        row_y += row_height
    axis_y = top + sum(heights) + 4
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


def places_bars(items: list[dict], *, width: int = 560) -> str:
    """Each intervention's participants this year (a bar; a hidden count shows its mark and no
    bar) against its årsplatser (a marked line), labelled 'N av P'."""
    if not items:
        return ""
    title = "Deltagare i år per insats, mot årsplatserna"
    label_width, bar, row_height, top = 210, 16, 30, 26
    height = top + row_height * len(items) + 8
    peak = max([item["places"] for item in items]
               + [item["active"].value for item in items if item["active"].mark is None] + [1])
    scale = (width - label_width - 90) / peak
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        _legend(label_width, 14, [("Deltagare i år", MEN)]),
        f'<line x1="{label_width + 150}" y1="6" x2="{label_width + 150}" y2="16" stroke="{INK}" stroke-width="3"/>',
        _text(label_width + 157, 14, "Årsplatser", size=12),
    ]
    for index, item in enumerate(items):
        y = top + index * row_height
        cell = item["active"]
        name = item["name"] if len(item["name"]) <= 30 else item["name"][:29].rstrip() + "…"
        parts.append(_text(label_width - 8, y + bar - 3, name, anchor="end", size=12))
        length = 0 if cell.mark is not None else (cell.value or 0) * scale
        if length:
            parts.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" fill="{MEN}"/>')
        x = label_width + item["places"] * scale
        parts.append(f'<line x1="{x:.1f}" y1="{y - 3}" x2="{x:.1f}" y2="{y + bar + 3}" stroke="{INK}" '
                     'stroke-width="3"/>')
        shown = cell.mark if cell.mark is not None else str(cell.value or 0)
        parts.append(_text(max(length, item["places"] * scale) + label_width + 6, y + bar - 3,
                           f"{shown} av {item['places']}", size=11, fill=MUTED))
    parts.append("</svg>")
    return mark_safe("".join(parts))
