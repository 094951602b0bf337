"""`{% documents_block convention %}`: the documents block for any page showing a convention."""

from __future__ import annotations

from django import template

from conventions.models import Convention

register = template.Library()


@register.inclusion_tag("conventions/_documents.html", takes_context=True)
def documents_block(context: template.Context, convention: Convention) -> dict:
    from conventions.document_views import documents_context

    request = context["request"]
    # An inclusion tag starts a fresh context: carry the CSRF token its forms need.
    extra = {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "perms": context.get("perms"),
    }
    return {**documents_context(request, convention), **extra}
