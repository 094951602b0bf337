"""Template helpers shared by every app's pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.http import HttpRequest
from django.utils.safestring import mark_safe

from core import formats, registry

register = template.Library()


@register.simple_tag(takes_context=True)
def query_transform(context: template.Context, **changes: object) -> str:
    """The current query string with `changes` applied: filters survive pagination."""
    request: HttpRequest = context["request"]
    query = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def euros(value: Decimal | float | None) -> str:
    """1900000 -> '1 900 000 €' with narrow no-break spaces, as French typography wants."""
    return formats.euros(value)


@register.filter
def number(value: Decimal | float | None) -> str:
    """10000 -> '10 000', as French typography writes it."""
    return formats.french_number(value)


@register.filter
def model_label(instance: object) -> str:
    """'partners.organisation': how history and other generic URLs name a model."""
    return instance._meta.label_lower


def _place(target: object) -> tuple[str, object | None]:
    """A panel place is a model label ('conventions.Convention') or a page name ('core.dashboard')."""
    if isinstance(target, str):
        return target, None
    return target._meta.label, target


@register.simple_tag(takes_context=True)
def panels(context: template.Context, target: object, slot: str = "main") -> str:
    """Render what upper apps registered for this object's page: the lower app names no one."""
    request: HttpRequest | None = context.get("request")
    place, obj = _place(target)
    parts = []
    for panel in registry.panels.for_place(place, slot, getattr(request, "user", None)):
        extra = panel.context(request, obj) if panel.context else {}
        with context.push(panel_object=obj, **extra):
            parts.append(context.template.engine.get_template(panel.template).render(context))
    # Each part is a template rendered with autoescaping, like an {% include %}.
    return mark_safe("".join(parts))


@register.simple_tag(takes_context=True)
def panel_anchors(context: template.Context, target: object, slot: str = "main") -> list:
    """(anchor, label) of the registered panels that carry one: a page's "sections" menu."""
    request: HttpRequest | None = context.get("request")
    place, _obj = _place(target)
    return [
        (panel.anchor, panel.label)
        for panel in registry.panels.for_place(place, slot, getattr(request, "user", None))
        if panel.anchor
    ]
