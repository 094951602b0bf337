"""Tasks through the API: the screens' service, one's own tasks, one's own notifications."""

import pytest

from tasks.models import Notification, Task
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/tasks/"


def test_a_collaborator_changes_only_their_own_tasks(api_client, collaborator, coordinator):
    mine = TaskFactory(assignee=collaborator)
    theirs = TaskFactory(assignee=coordinator)
    client = api_client(collaborator)
    assert client.get(f"{URL}{theirs.pk}/").status_code == 200
    assert client.patch(f"{URL}{theirs.pk}/", {"title": "X", "version": 1}).status_code == 404
    assert client.post(f"{URL}{theirs.pk}/complete/").status_code == 404
    response = client.patch(f"{URL}{mine.pk}/", {"title": "Relancer Unea"}, HTTP_IF_MATCH="1")
    assert response.status_code == 200, response.json()
    done = client.post(f"{URL}{mine.pk}/complete/")
    assert done.status_code == 200 and done.json()["status"] == "done"
    again = client.post(f"{URL}{mine.pk}/complete/")
    assert again.json() == {
        "non_field_errors": ["Seule une tâche à faire peut être marquée faite."]
    }


def test_creating_a_task_checks_its_links_and_mails_its_assignee(
    api_client, coordinator, collaborator, django_capture_on_commit_callbacks
):
    client = api_client(coordinator)
    refused = client.post(URL, {"title": "", "assignee": collaborator.pk, "due_on": "2026-12-01"})
    assert refused.status_code == 400 and refused.json()["title"] == ["Ce champ est obligatoire."]
    with django_capture_on_commit_callbacks() as callbacks:
        created = client.post(
            URL,
            {"title": "Préparer le comité", "assignee": collaborator.pk, "due_on": "2026-12-01"},
        )
    assert created.status_code == 201, created.json()
    task = Task.objects.get(pk=created.json()["id"])
    assert task.created_by == coordinator and len(callbacks) == 1
    assert task.history.latest().history_change_reason == "Création (API)"


def test_notifications_are_the_callers_only(
    api_client, collaborator, coordinator, django_assert_max_num_queries
):
    Notification.objects.create(user=collaborator, title="Tâche en retard")
    other = Notification.objects.create(user=coordinator, title="Pas pour vous")
    client = api_client(collaborator)
    client.get("/api/v1/notifications/")
    with django_assert_max_num_queries(3):
        listed = client.get("/api/v1/notifications/").json()
    assert [n["title"] for n in listed["results"]] == ["Tâche en retard"]
    assert client.get(f"/api/v1/notifications/{other.pk}/").status_code == 404
    assert client.post("/api/v1/notifications/").status_code == 405
    assert client.get("/api/v1/reminders/").status_code == 200


def test_the_task_list_stays_within_its_query_budget(
    api_client, coordinator, django_assert_max_num_queries
):
    TaskFactory.create_batch(20, assignee=coordinator)
    client = api_client(coordinator)
    client.get(URL)
    with django_assert_max_num_queries(3):
        page = client.get(URL, {"status": "open", "taille": 10}).json()
    assert page["count"] == 20 and len(page["results"]) == 10
