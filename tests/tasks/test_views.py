"""Task screens: lists with filters, create with prefill, edit rights, notifications, feed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from tasks.models import Notification, Preference, Task
from tests.factories import (
    ActionFactory,
    ConventionFactory,
    OrganisationFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def many_tasks(assignee, count: int) -> None:
    org, convention = OrganisationFactory(), ConventionFactory()
    action = ActionFactory(convention=convention)
    Task.objects.bulk_create(
        Task(
            title=f"Tâche {i}",
            assignee=assignee,
            due_on=dt.date(2026, 11, 1) + dt.timedelta(days=i % 60),
            organisation=org,
            convention=convention,
            action=action,
            recurrence="weekly" if i % 3 else "",
        )
        for i in range(count)
    )


@pytest.mark.parametrize("count", [3, 80])
def test_the_task_list_costs_the_same_queries_for_few_or_many_tasks(
    client_coordinator, coordinator, django_assert_max_num_queries, count
):
    many_tasks(coordinator, count)
    with django_assert_max_num_queries(12):
        response = client_coordinator.get(reverse("tasks:task_list"), {"scope": "team"})
    assert response.status_code == 200
    with django_assert_max_num_queries(10):
        client_coordinator.get(reverse("tasks:task_detail", args=[Task.objects.first().pk]))


def test_my_tasks_show_only_mine_and_the_team_view_everyones(client_collaborator, collaborator):
    TaskFactory(assignee=collaborator, title="La mienne")
    TaskFactory(title="Celle d'un collègue")
    mine = client_collaborator.get(reverse("tasks:task_list")).content.decode()
    assert "La mienne" in mine and "Celle d&#x27;un collègue" not in mine
    team = client_collaborator.get(reverse("tasks:task_list"), {"scope": "team"})
    assert "Celle d&#x27;un collègue" in team.content.decode()


def test_filters_narrow_the_list(client_coordinator, coordinator):
    today = timezone.localdate()
    org = OrganisationFactory()
    TaskFactory(assignee=coordinator, title="En retard", due_on=today - dt.timedelta(days=2))
    TaskFactory(assignee=coordinator, title="Pour l'ESAT", due_on=today, organisation=org)
    TaskFactory(
        assignee=coordinator,
        title="Déjà faite",
        due_on=today,
        status="done",
        completed_at=timezone.now(),
    )
    url = reverse("tasks:task_list")

    def titles(**params) -> list[str]:
        page = client_coordinator.get(url, params)
        return [t.title for t in page.context["page_obj"]]

    assert titles(due="overdue") == ["En retard"]
    assert titles(organisation=org.pk) == ["Pour l'ESAT"]
    assert titles(status="done") == ["Déjà faite"]
    assert titles(status="") == ["En retard", "Pour l'ESAT", "Déjà faite"]
    assert titles(due="nonsense", page="x") == ["En retard", "Pour l'ESAT"]


def test_an_htmx_request_gets_only_the_table(client_coordinator, coordinator):
    TaskFactory(assignee=coordinator)
    response = client_coordinator.get(reverse("tasks:task_list"), headers={"HX-Request": "true"})
    assert "<table" in response.content.decode() and "<html" not in response.content.decode()


def test_quick_add_prefills_the_linked_action_and_its_convention(client_coordinator, coordinator):
    action = ActionFactory()
    response = client_coordinator.get(
        reverse("tasks:task_create"), {"action": action.pk, "next": "/actions/"}
    )
    form = response.context["form"]
    assert form.initial["action"] == action
    assert form.initial["convention"] == action.convention
    assert form.initial["assignee"] == coordinator
    bad = client_coordinator.get(reverse("tasks:task_create"), {"organisation": "abc"})
    assert bad.status_code == 200


def test_creating_a_task_returns_to_the_page_it_came_from(client_coordinator, coordinator):
    org = OrganisationFactory()
    response = client_coordinator.post(
        reverse("tasks:task_create"),
        {
            "title": "Rappeler le directeur",
            "assignee": coordinator.pk,
            "due_on": "2026-12-01",
            "recurrence_interval": 1,
            "organisation": org.pk,
            "next": "/partenaires/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/partenaires/"
    task = Task.objects.get()
    assert (task.organisation, task.created_by) == (org, coordinator)
    assert task.history.first().history_user == coordinator


def test_bad_input_shows_french_errors_next_to_the_fields(client_coordinator, coordinator):
    response = client_coordinator.post(
        reverse("tasks:task_create"),
        {
            "title": "",
            "assignee": coordinator.pk,
            "due_on": "31/02/2026",
            "recurrence_interval": 0,
            "recurrence_until": "2026-01-01",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == ["Ce champ est obligatoire."]
    assert "due_on" in errors
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_collaborator_edits_their_own_tasks_only(client_collaborator, collaborator):
    mine, theirs = TaskFactory(assignee=collaborator), TaskFactory()
    assert client_collaborator.get(reverse("tasks:task_update", args=[mine.pk])).status_code == 200
    assert (
        client_collaborator.get(reverse("tasks:task_update", args=[theirs.pk])).status_code == 404
    )
    complete = client_collaborator.post(reverse("tasks:task_complete", args=[theirs.pk]))
    assert complete.status_code == 404


def test_a_collaborator_gives_tasks_to_themselves_only(
    client_collaborator, collaborator, client_coordinator, coordinator
):
    """Giving a task to someone mails them: a collaborator cannot mail anyone that way."""
    colleague = UserFactory()
    fields = {
        "title": "Appeler l'ESAT",
        "due_on": timezone.localdate().isoformat(),
        "recurrence_interval": 1,
    }
    refused = client_collaborator.post(
        reverse("tasks:task_create"), {**fields, "assignee": colleague.pk}
    )
    assert refused.status_code == 200, refused.status_code
    assert "Vous ne pouvez attribuer une tâche qu&#x27;à vous-même." in refused.content.decode()
    assert not Task.objects.filter(title="Appeler l'ESAT").exists()
    kept = client_collaborator.post(
        reverse("tasks:task_create"), {**fields, "assignee": collaborator.pk}
    )
    assert kept.status_code == 302
    mine = Task.objects.get(title="Appeler l'ESAT")
    edit = client_collaborator.post(
        reverse("tasks:task_update", args=[mine.pk]),
        {**fields, "assignee": colleague.pk, "version": mine.version},
    )
    assert "Vous ne pouvez attribuer" in edit.content.decode()
    assert Task.objects.get(pk=mine.pk).assignee == collaborator
    given = client_coordinator.post(
        reverse("tasks:task_create"), {**fields, "title": "Relancer", "assignee": colleague.pk}
    )
    assert given.status_code == 302
    assert Task.objects.get(title="Relancer").assignee == colleague


def test_a_user_without_task_rights_is_refused(db):
    user = UserFactory()
    task = TaskFactory(assignee=user)
    from django.test import Client

    client = Client()
    client.force_login(user)
    assert client.get(reverse("tasks:task_list")).status_code == 403
    assert client.get(reverse("tasks:task_update", args=[task.pk])).status_code == 403
    assert client.get(reverse("tasks:task_create")).status_code == 403


def test_completing_from_the_detail_page_leads_to_the_next_occurrence(
    client_coordinator, coordinator
):
    task = TaskFactory(assignee=coordinator, recurrence="daily", due_on=dt.date(2026, 11, 25))
    response = client_coordinator.post(reverse("tasks:task_complete", args=[task.pk]))
    following = Task.objects.get(previous=task)
    assert response["Location"] == following.get_absolute_url()
    assert client_coordinator.get(reverse("tasks:task_complete", args=[task.pk])).status_code == 405
    again = client_coordinator.post(reverse("tasks:task_complete", args=[task.pk]), follow=True)
    assert "Seule une tâche à faire" in again.content.decode()
    client_coordinator.post(reverse("tasks:task_reopen", args=[task.pk]))
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN


def test_opening_a_notification_marks_it_read(client_coordinator, coordinator):
    notification = Notification.objects.create(user=coordinator, title="Rappel", url="/taches/")
    other = Notification.objects.create(user=UserFactory(), title="Pas à moi", url="/")
    page = client_coordinator.get(reverse("tasks:notification_list")).content.decode()
    assert "Rappel" in page and "Pas à moi" not in page and "Non lue" in page
    response = client_coordinator.get(reverse("tasks:notification_open", args=[notification.pk]))
    assert response["Location"] == "/taches/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert (
        client_coordinator.get(reverse("tasks:notification_open", args=[other.pk])).status_code
        == 404
    )


def test_the_navigation_shows_unread_notifications(client_coordinator, coordinator):
    Notification.objects.create(user=coordinator, title="Rappel", url="/taches/")
    page = client_coordinator.get(reverse("core:home")).content.decode()
    assert '1<span class="visually-hidden"> non lues</span>' in page


def test_the_calendar_address_is_secret_and_revocable(client, client_coordinator, coordinator):
    renewed = client_coordinator.post(reverse("tasks:preference_ics_renew"), follow=True)
    message = "Un nouveau lien de calendrier a été créé ; l&#x27;ancien lien ne fonctionne plus."
    assert message in renewed.content.decode()
    token = Preference.objects.get(user=coordinator).ics_token
    assert len(token) >= 40
    feed = reverse("tasks:calendar_feed", args=[token])
    response = client.get(feed)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.content.startswith(b"BEGIN:VCALENDAR")
    # Revoking asks first: the question alone changes nothing.
    question = client_coordinator.get(reverse("tasks:preference_ics_revoke"))
    assert "Révoquer l'adresse du calendrier ?" in question.content.decode()
    client_coordinator.post(reverse("tasks:preference_ics_revoke"))
    assert client.get(feed).status_code == 200
    client_coordinator.post(reverse("tasks:preference_ics_revoke"), {"confirm": "1"})
    assert client.get(feed).status_code == 404
    assert client.get(reverse("tasks:calendar_feed", args=["devine"])).status_code == 404


def test_preferences_change_the_digest_time(client_coordinator, coordinator):
    response = client_coordinator.post(
        reverse("tasks:preference_update"), {"digest_enabled": "on", "digest_time": "06:15"}
    )
    assert response.status_code == 302
    assert Preference.objects.get(user=coordinator).digest_time == dt.time(6, 15)
    bad = client_coordinator.post(reverse("tasks:preference_update"), {"digest_time": "25:99"})
    assert bad.status_code == 200 and "digest_time" in bad.context["form"].errors


def test_failed_reminders_are_for_administrators(client_administrator, client_coordinator):
    url = reverse("tasks:reminder_failed_list")
    assert client_administrator.get(url).status_code == 200
    assert client_coordinator.get(url).status_code == 403


def test_tasks_link_to_their_page():
    task = TaskFactory()
    assert task.get_absolute_url() == f"/taches/{task.pk}/"
    assert get_user_model().objects.count() == 1


@pytest.mark.parametrize("count", [2, 60])
def test_notifications_and_preferences_cost_the_same_for_few_or_many(
    client_coordinator, coordinator, django_assert_max_num_queries, count
):
    Notification.objects.bulk_create(
        Notification(user=coordinator, title=f"Rappel {i}", url="/taches/") for i in range(count)
    )
    with django_assert_max_num_queries(10):
        assert client_coordinator.get(reverse("tasks:notification_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client_coordinator.get(reverse("tasks:preference_update")).status_code == 200


@pytest.mark.parametrize("kind", ["organisation", "convention", "action"])
def test_the_organisation_convention_and_action_pages_offer_a_prefilled_new_task(
    client_coordinator, kind
):
    obj = {"organisation": OrganisationFactory, "convention": ConventionFactory,
           "action": ActionFactory}[kind]()  # fmt: skip
    # A convention's tasks are a tab of its workspace.
    url = (
        reverse("conventions:convention_section", args=[obj.pk, "taches"])
        if kind == "convention"
        else obj.get_absolute_url()
    )
    page = client_coordinator.get(url).content.decode()
    assert f"{reverse('tasks:task_create')}?{kind}={obj.pk}&amp;next=" in page
    form = client_coordinator.get(reverse("tasks:task_create"), {kind: obj.pk})
    assert form.context["form"].initial[kind] == obj
