from django import template

from reports import charts

register = template.Library()


@register.filter
def count_text(cell) -> str:
    """A count cell as plain text: its mark when hidden (`<5`, `×`), else the number."""
    return cell.mark if cell.mark is not None else cell.value


@register.filter
def heat_level(count, peak) -> int:
    """0–5: the shade class of a heat-table cell (the number is always printed too)."""
    return charts.heat_level(count, peak)
