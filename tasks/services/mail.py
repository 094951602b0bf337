"""What every mail of the tasks app shares, and the one-off mail of an assigned task."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from tasks.models import Notification, Task

User = get_user_model()

# Errors worth another attempt later; anything else is a bug and raises.
SMTP_ERRORS = (smtplib.SMTPException, OSError)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def message_build(
    template: str, context: dict, *, to: str, message_id: str, connection: object = None
) -> EmailMultiAlternatives:
    """The mail `emails/<template>_subject.txt`, `_body.txt` and `_body.html` render."""
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [to],
        headers={"Message-ID": message_id, "Auto-Submitted": "auto-generated"},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def task_assigned_send(*, task_id: int, by_id: int) -> bool:
    """Mail the assignee of a task someone else gave them, and notify them in the app."""
    task = Task.objects.select_related("assignee").filter(pk=task_id).first()
    by = User.objects.filter(pk=by_id).first()
    if task is None or by is None or task.assignee_id == by_id or not task.assignee.is_active:
        return False
    url = task.get_absolute_url()
    context = {"task": task, "by": by, "url": absolute_url(url), "recipient": task.assignee}
    title = _("%(by)s vous a attribué la tâche « %(task)s »") % {"by": by, "task": task}
    if task.assignee.email:
        message = message_build(
            "task_assigned",
            context,
            to=task.assignee.email,
            message_id=f"<task-{task.pk}.assigned-{task.assignee_id}@maillage>",
        )
        message.send()
    Notification.objects.create(user=task.assignee, title=title[:200], url=url)
    return True
