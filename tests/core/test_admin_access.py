"""The admin is the administrators' back office: nobody else reaches it or writes through it."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from conventions.models import Convention
from core import roles
from tasks.models import Task
from tests.admin_forms import admin_post_data
from tests.factories import ConventionFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


def _history_form_url(instance, record):
    meta = instance._meta
    return reverse(
        f"admin:{meta.app_label}_{meta.model_name}_simple_history",
        args=[instance.pk, record.history_id],
    )


def _convention_with_two_versions(**first):
    convention = ConventionFactory(title="Convention MACS", amount=1000, **first)
    convention.title = "Convention MACS — version 2"
    convention.save()
    return convention, convention.history.order_by("history_id").first()


@pytest.mark.parametrize(
    "client_name", ["client_relations", "client_coordinator", "client_collaborator"]
)
def test_the_admin_answers_403_to_every_other_role(request, client_name):
    client = request.getfixturevalue(client_name)
    for url in (reverse("admin:index"), reverse("admin:login"), "/admin/tasks/preference/"):
        assert client.get(url).status_code == 403, url


def test_the_refusal_is_a_french_page(client_collaborator):
    response = client_collaborator.get(reverse("admin:index"))
    assert response.status_code == 403
    assert "Votre rôle ne donne pas accès à cette page" in response.content.decode()


def test_the_admin_opens_for_an_administrator(client_administrator):
    assert client_administrator.get(reverse("admin:index")).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_only_the_administrator_role_is_staff():
    collaborator = UserFactory(role=roles.COLLABORATOR, is_staff=True)
    administrator = UserFactory(role=roles.ADMINISTRATOR)
    collaborator.refresh_from_db()
    assert not collaborator.is_staff
    assert administrator.is_staff
    administrator.groups.remove(Group.objects.get(name=roles.ADMINISTRATOR))
    administrator.refresh_from_db()
    assert not administrator.is_staff


def test_a_staff_flag_set_by_hand_opens_nothing(client):
    user = UserFactory(role=roles.COLLABORATOR)
    type(user).objects.filter(pk=user.pk).update(is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 403


def test_the_history_form_post_of_a_collaborator_is_refused(client_collaborator):
    convention, first = _convention_with_two_versions()
    response = client_collaborator.post(
        _history_form_url(convention, first),
        {"title": "Piratée", "kind": "partnership", "amount": "999999", "renewal_months": "12"},
    )
    assert response.status_code == 403
    convention.refresh_from_db()
    assert convention.title == "Convention MACS — version 2"
    assert convention.version == 1


def test_a_revert_that_would_move_the_status_is_refused_in_french(client_administrator):
    convention, first = _convention_with_two_versions()
    convention.status = Convention.Status.TERMINATED
    convention.terminated_on, convention.termination_reason = dt.date(2026, 6, 1), "Fin du projet"
    convention.save()
    url = _history_form_url(convention, first)
    page = client_administrator.get(url)
    assert page.status_code == 200
    response = client_administrator.post(url, admin_post_data(page), follow=True)
    convention.refresh_from_db()
    assert convention.status == Convention.Status.TERMINATED
    assert convention.title == "Convention MACS — version 2"
    text = [str(m) for m in response.context["messages"]]
    assert any("ne peut pas être restaurée" in m and "statut" in m for m in text), text


def test_an_admin_revert_restores_the_text_and_bumps_the_version(client_administrator):
    convention, first = _convention_with_two_versions()
    url = _history_form_url(convention, first)
    page = client_administrator.get(url)
    response = client_administrator.post(url, admin_post_data(page))
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.title == "Convention MACS"
    assert convention.version == 2


def test_an_admin_edit_bumps_the_version_and_keeps_the_status(client_administrator):
    convention = ConventionFactory(status=Convention.Status.ACTIVE, signed_on=dt.date(2026, 1, 1))
    url = reverse("admin:conventions_convention_change", args=[convention.pk])
    page = client_administrator.get(url)
    assert "status" not in page.context["adminform"].form.fields
    response = client_administrator.post(url, admin_post_data(page, title="Nouvel intitulé"))
    assert response.status_code == 302
    convention.refresh_from_db()
    assert (convention.title, convention.version, convention.status) == (
        "Nouvel intitulé",
        2,
        Convention.Status.ACTIVE,
    )


def test_a_tasks_status_is_not_an_admin_field(client_administrator):
    task = TaskFactory()
    url = reverse("admin:tasks_task_change", args=[task.pk])
    page = client_administrator.get(url)
    assert "status" not in page.context["adminform"].form.fields
    assert Task.objects.get(pk=task.pk).status == Task.Status.OPEN


@pytest.mark.parametrize("role", [roles.RELATIONS_MANAGER, roles.COORDINATOR, roles.COLLABORATOR])
@pytest.mark.parametrize(
    "permission",
    [
        "tasks.change_preference",
        "tasks.view_preference",
        "tasks.add_notification",
        "tasks.change_notification",
        "tasks.view_notification",
        "tasks.change_reminderrule",
        "tasks.delete_reminderrule",
    ],
)
def test_editing_tasks_grants_nothing_on_other_peoples_settings(role, permission):
    user = UserFactory(role=role)
    assert not user.has_perm(permission)


def test_task_editors_keep_editing_tasks_and_administrators_keep_the_rules():
    assert UserFactory(role=roles.COORDINATOR).has_perm("tasks.change_task")
    assert UserFactory(role=roles.RELATIONS_MANAGER).has_perm("tasks.view_reminderrule")
    administrator = UserFactory(role=roles.ADMINISTRATOR)
    assert administrator.has_perm("tasks.change_reminderrule")
    assert administrator.has_perm("tasks.change_preference")
