"""What the API shows of tasks, and how it writes: the screen's form, then its service."""

from __future__ import annotations

from core.api.serializers import DescribedSerializer, FormModelSerializer
from tasks.forms import TaskForm
from tasks.models import Notification, Reminder, Task
from tasks.services import tasks as task_services


class TaskSerializer(FormModelSerializer):
    class Meta:
        model = Task
        form_class = TaskForm
        lifecycle = ["status", "completed_at", "created_by", "previous"]
        fields = ["id", "version", *lifecycle, *TaskForm._meta.fields, "created_at", "updated_at"]
        read_only_fields = ["id", "version", *lifecycle, "created_at", "updated_at"]

    def save_new(self, form):
        return task_services.task_save(task=form.instance, by=self.by)

    def save_changed(self, form, expected_version: int):
        return task_services.task_save(
            task=form.instance,
            by=self.by,
            previous_assignee_id=self.context["previous_assignee_id"],
            expected_version=expected_version,
        )


class NotificationSerializer(DescribedSerializer):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "read_at", "created_at"]


class ReminderSerializer(DescribedSerializer):
    class Meta:
        model = Reminder
        fields = [
            "id", "event", "task", "action", "convention", "about_on", "send_after", "status",
            "attempts", "sent_at",
        ]  # fmt: skip
