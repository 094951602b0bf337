from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def task_quick_add_url(context: template.Context, obj: object) -> str:
    """The new-task URL prefilled with an organisation, convention or action."""
    name = obj._meta.model_name
    params = {name: obj.pk}
    request = context.get("request")
    if request is not None:
        params["next"] = request.get_full_path()
    return f"{reverse('tasks:task_create')}?{urlencode(params)}"
