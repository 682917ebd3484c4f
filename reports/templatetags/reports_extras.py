from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`values|get_item:"K"` — a dict value in a template."""
    return mapping.get(key) if mapping is not None else None
