from django import template

from stats.tables import Cell, format_count

register = template.Library()


@register.filter
def shown(value, suppress=None):
    """A count as shown: a hidden count cell as its mark (`<N`, `×`); otherwise None under
    suppression as "<N"."""
    if isinstance(value, Cell):
        if value.mark is not None:
            return value.mark
        value = value.value
    if value is None:
        return f"<{suppress}" if suppress else "–"
    return format_count(value) if isinstance(value, int) else value


@register.filter
def percent(value):
    if value is None:
        return "–"
    return f"{float(value):.1f}\u00a0%".replace(".", ",")


@register.filter
def kr(value):
    if value is None:
        return "–"
    return f"{int(value):,}\u00a0kr".replace(",", "\u00a0")
