from django import template

from tasks.models import Notification

register = template.Library()


@register.simple_tag
def unread_notifications(user: object) -> int:
    """How many notifications the user has not opened yet (one query per page)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@register.simple_tag(takes_context=True)
def task_quick_add_url(context: template.Context, obj: object) -> str:
    """The new-task URL prefilled with an organisation, convention or action."""
    from urllib.parse import urlencode

    from django.urls import reverse

    name = obj._meta.model_name
    params = {name: obj.pk}
    request = context.get("request")
    if request is not None:
        params["next"] = request.get_full_path()
    return f"{reverse('tasks:task_create')}?{urlencode(params)}"
