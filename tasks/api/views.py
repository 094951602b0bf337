"""The tasks resources: everyone's tasks to read, one's own (or all, by role) to change;
the caller's own reminders and notifications, read-only."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api.filters import with_search
from core.api.views import WRITE_ERRORS, ResourceViewSet, WritableViewSet, versioned_schema
from tasks.api.serializers import NotificationSerializer, ReminderSerializer, TaskSerializer
from tasks.forms import TaskFilter
from tasks.models import Notification, Reminder, Task
from tasks.services import tasks as task_services

CHANGE = ("tasks.change_task", "tasks.change_own_task")
TASK_EXAMPLE = OpenApiExample(
    "Relance",
    value={
        "title": "Relancer l'ESAT pour la signature de l'avenant",
        "description": "Appeler la directrice avant le comité de pilotage.",
        "assignee": 3,
        "due_on": "2026-12-15",
        "recurrence": "",
        "organisation": 12,
    },
    request_only=True,
)
WRITES = ("update", "partial_update", "complete", "reopen")


@extend_schema_view(
    create=extend_schema(examples=[TASK_EXAMPLE], responses={201: TaskSerializer, **WRITE_ERRORS}),
    update=versioned_schema(TaskSerializer),
    partial_update=versioned_schema(TaskSerializer),
)
class TaskViewSet(WritableViewSet):
    """Les tâches de suivi. Un·e collaborateur·rice ne modifie que les siennes : les autres
    répondent 404 à ses modifications."""

    queryset = Task.objects.select_related("assignee", "organisation", "convention", "action")
    serializer_class = TaskSerializer
    filterset_class = with_search(TaskFilter)
    keyset_ordering = ["due_on", "due_time", "pk"]
    permissions_by_action = {name: CHANGE for name in WRITES} | {"create": ("tasks.add_task",)}

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action in WRITES:
            return queryset.editable_by(self.request.user)
        return queryset

    def update(self, request, *args, **kwargs):
        self._previous_assignee_id = self.get_object().assignee_id
        return super().update(request, *args, **kwargs)

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context["previous_assignee_id"] = getattr(self, "_previous_assignee_id", None)
        return context

    @extend_schema(request=None, responses={200: TaskSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Marquer faite ; une tâche récurrente répond par son occurrence suivante."""
        task = self.get_object()
        following = task_services.task_complete(task=task, by=request.user)
        task.refresh_from_db()
        return Response(self.get_serializer(following or task).data)

    @extend_schema(request=None, responses={200: TaskSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Remettre à faire."""
        task = task_services.task_reopen(task=self.get_object(), by=request.user)
        return Response(self.get_serializer(task).data)


class NotificationViewSet(ResourceViewSet):
    """Vos notifications, les plus récentes d'abord."""

    permission_classes = [IsAuthenticated]
    serializer_class = NotificationSerializer
    keyset_ordering = ["-created_at", "-pk"]
    queryset = Notification.objects.none()

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user)


class ReminderViewSet(ResourceViewSet):
    """Les rappels qui vous sont dus (en attente, envoyés, en échec)."""

    permission_classes = [IsAuthenticated]
    serializer_class = ReminderSerializer
    keyset_ordering = ["-send_after", "-pk"]
    queryset = Reminder.objects.none()
    filterset_fields = ["status", "event"]

    def get_queryset(self):
        return Reminder.objects.filter(recipient=self.request.user)
