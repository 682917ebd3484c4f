from django import template

register = template.Library()


@register.filter
def shown(value, suppress=None):
    """A count as shown: suppressed counts (None under suppression) as "<N"."""
    if value is None:
        return f"<{suppress}" if suppress else "–"
    return f"{value:,}".replace(",", "\u00a0") if isinstance(value, int) else value


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
