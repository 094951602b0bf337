"""Task screens, notifications, preferences, the calendar feed and failed reminders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.models import Action
from conventions.models import Convention
from core import history
from core.pagination import keyset_page
from core.text import parse_id
from core.versioning import ConflictError
from partners.models import Organisation
from partners.views.common import export_list
from tasks import ics
from tasks.forms import TASK_ORDER, PreferenceForm, TaskForm, task_filter
from tasks.models import Notification, Preference, Reminder, Task
from tasks.services import preferences, sender
from tasks.services import tasks as task_services

PAGE_SIZE = 25
PREFILL = {"organisation": Organisation, "convention": Convention, "action": Action}


def _can_change_any(user: object) -> bool:
    return user.has_perm("tasks.change_task") or user.has_perm("tasks.change_own_task")


def _editable_task(request: HttpRequest, pk: int) -> Task:
    if not _can_change_any(request.user):
        raise PermissionDenied
    return get_object_or_404(Task.objects.editable_by(request.user), pk=pk)


@login_required
@permission_required("tasks.view_task", raise_exception=True)
def task_list(request: HttpRequest) -> HttpResponse:
    """My tasks (default) or the team's, filtered."""
    filterset, scope = task_filter(request.GET, request.user)
    page = keyset_page(request, filterset.qs, PAGE_SIZE, ordering=list(TASK_ORDER))
    editable = set(
        Task.objects.editable_by(request.user)
        .filter(pk__in=[t.pk for t in page])
        .values_list("pk", flat=True)
    )
    context = {
        "filter": filterset,
        "page_obj": page,
        "scope": scope,
        "today": timezone.localdate(),
        "editable": editable,
        "can_add": request.user.has_perm("tasks.add_task"),
    }
    template = "tasks/_task_table.html" if request.htmx else "tasks/task_list.html"
    return render(request, template, context)


@login_required
@permission_required("tasks.view_task", raise_exception=True)
def task_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered list as CSV or XLSX (tasks/exports.py), by a job past a bound."""
    return export_list(request, "tasks", fmt)


@login_required
@permission_required("tasks.view_task", raise_exception=True)
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(
        Task.objects.select_related(
            "assignee", "created_by", "organisation", "convention", "action", "previous"
        ),
        pk=pk,
    )
    following = Task.objects.filter(previous=task).first()
    can_edit = Task.objects.editable_by(request.user).filter(pk=pk).exists()
    context = {
        "task": task,
        "object": task,
        "following": following,
        "can_edit": can_edit,
        "history": history.history_entries(task),
        "can_restore": can_edit,
        "today": timezone.localdate(),
    }
    return render(request, "tasks/task_detail.html", context)


def _prefill(request: HttpRequest) -> dict[str, object]:
    """?organisation=, ?convention=, ?action= from a quick-add link; bad values ignored."""
    initial: dict[str, object] = {"assignee": request.user, "due_on": timezone.localdate()}
    for name, model in PREFILL.items():
        value = parse_id(request.GET.get(name))
        if value is not None:
            obj = model.objects.filter(pk=value).first()
            if obj is not None:
                initial[name] = obj
                if name == "action":
                    initial["convention"] = obj.convention
    return initial


@login_required
def task_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("tasks.add_task"):
        raise PermissionDenied
    if request.method == "POST":
        form = TaskForm(request.POST)
        if form.is_valid():
            try:
                task = task_services.task_save(task=form.instance, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("La tâche a été créée."))
                return redirect(_next_url(request) or task.get_absolute_url())
    else:
        form = TaskForm(initial=_prefill(request))
    context = {"form": form, "next": _next_url(request)}
    return render(request, "tasks/task_form.html", context)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if ok else ""


@login_required
def task_update(request: HttpRequest, pk: int) -> HttpResponse:
    task = _editable_task(request, pk)
    previous_assignee_id = task.assignee_id
    form = TaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        try:
            task_services.task_save(
                task=form.instance, by=request.user, previous_assignee_id=previous_assignee_id,
                expected_version=form.expected_version,
            )  # fmt: skip
        except ConflictError as error:
            form.refuse_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La tâche a été modifiée."))
            return redirect(task)
    return render(request, "tasks/task_form.html", {"form": form, "task": task})


@login_required
@require_POST
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    task = _editable_task(request, pk)
    try:
        following = task_services.task_complete(task=task, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(task)
    if following is not None:
        messages.success(
            request,
            _("Tâche faite. Prochaine occurrence le %(date)s.")
            % {"date": following.due_on.strftime("%d/%m/%Y")},
        )
        return redirect(following)
    messages.success(request, _("Tâche faite."))
    return redirect(_next_url(request) or task.get_absolute_url())


@login_required
@require_POST
def task_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    task = _editable_task(request, pk)
    try:
        task_services.task_reopen(task=task, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("La tâche est de nouveau à faire."))
    return redirect(task)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user)
    page = keyset_page(request, notifications, PAGE_SIZE)
    return render(request, "tasks/notification_list.html", {"page_obj": page})


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a notification read, then go where it points."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=timezone.now())
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = ""
    return redirect(target or "tasks:notification_list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    messages.success(request, _("Toutes les notifications sont marquées lues."))
    return redirect("tasks:notification_list")


@login_required
def preference_update(request: HttpRequest) -> HttpResponse:
    """Digest time and the calendar feed's secret address."""
    preference = preferences.preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.instance._history_user = request.user
        form.save()
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("tasks:preference_update")
    feed_url = ""
    if preference.ics_token:
        feed_url = request.build_absolute_uri(ics.feed_path(preference.ics_token))
    return render(request, "tasks/preference_form.html", {"form": form, "feed_url": feed_url})


@login_required
@require_POST
def preference_ics_renew(request: HttpRequest) -> HttpResponse:
    preferences.ics_token_renew(user=request.user)
    messages.success(
        request, _("Un nouveau lien de calendrier a été créé ; l'ancien lien ne fonctionne plus.")
    )
    return redirect("tasks:preference_update")


@login_required
def preference_ics_revoke(request: HttpRequest) -> HttpResponse:
    """Ask first: agendas subscribed to the address stop showing deadlines for good."""
    if request.method == "POST" and request.POST.get("confirm") == "1":
        preferences.ics_token_revoke(user=request.user)
        messages.success(request, _("Le lien de calendrier est révoqué."))
        return redirect("tasks:preference_update")
    return render(request, "tasks/preference_ics_revoke.html")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The user's deadlines as iCalendar; the secret token is the only credential."""
    preference = (
        Preference.objects.select_related("user")
        .filter(~Q(ics_token=""), ics_token=token, user__is_active=True)
        .first()
    )
    if preference is None:
        raise Http404
    body = ics.feed_for(preference.user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="maillage.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def _may_see_failures(user: object) -> bool:
    # Administrators only: they alone manage accounts.
    return user.has_perm("tasks.view_reminder") and user.has_perm("core.change_user")


@login_required
def reminder_failed_list(request: HttpRequest) -> HttpResponse:
    """Reminders given up on after their last attempt, for administrators."""
    if not _may_see_failures(request.user):
        raise PermissionDenied
    reminders = (
        Reminder.objects.filter(status=Reminder.Status.FAILED)
        .select_related("recipient", "task", "action", "convention")
        .order_by("-send_after")
    )
    page = keyset_page(request, reminders, PAGE_SIZE)
    return render(request, "tasks/reminder_failed_list.html", {"page_obj": page})


@login_required
@require_POST
def reminder_retry(request: HttpRequest, pk: int) -> HttpResponse:
    if not _may_see_failures(request.user):
        raise PermissionDenied
    reminder = get_object_or_404(Reminder, pk=pk)
    try:
        sender.reminder_retry(reminder=reminder)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Le rappel sera renvoyé dans la minute."))
    return redirect("tasks:reminder_failed_list")
