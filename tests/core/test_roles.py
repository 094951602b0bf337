import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import Group
from django.test import RequestFactory

from core import roles
from tasks.models import Task
from tests.factories import OrganisationFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_four_roles_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


@pytest.mark.parametrize(
    ("role", "permission", "allowed"),
    [
        (roles.COLLABORATOR, "partners.view_organisation", True),
        (roles.COLLABORATOR, "partners.change_organisation", False),
        (roles.COLLABORATOR, "conventions.change_convention", False),
        (roles.COLLABORATOR, "actions.change_action", False),
        (roles.COLLABORATOR, "tasks.change_task", False),
        (roles.COLLABORATOR, "tasks.change_own_task", True),
        (roles.RELATIONS_MANAGER, "partners.change_organisation", True),
        (roles.RELATIONS_MANAGER, "partners.add_interaction", True),
        (roles.RELATIONS_MANAGER, "conventions.change_convention", True),
        (roles.RELATIONS_MANAGER, "actions.change_action", False),
        (roles.RELATIONS_MANAGER, "actions.view_action", True),
        (roles.COORDINATOR, "actions.change_action", True),
        (roles.COORDINATOR, "actions.add_measurement", True),
        (roles.COORDINATOR, "actions.change_indicator", True),
        (roles.COORDINATOR, "tasks.change_task", True),
        (roles.COORDINATOR, "conventions.change_convention", False),
        (roles.COORDINATOR, "partners.change_organisation", False),
        (roles.ADMINISTRATOR, "partners.delete_organisation", True),
        (roles.ADMINISTRATOR, "conventions.change_convention", True),
        (roles.ADMINISTRATOR, "core.change_user", True),
        (roles.ADMINISTRATOR, "tasks.change_reminder", False),
    ],
)
def test_each_role_has_exactly_its_permissions(role, permission, allowed):
    user = UserFactory(role=role)
    assert user.has_perm(permission) is allowed


def test_no_role_may_rewrite_history_rows():
    for role in roles.ALL_ROLES:
        user = UserFactory(username=f"h-{role}", role=role)
        assert not user.has_perm("partners.change_historicalorganisation")


def test_a_collaborator_edits_their_own_tasks_only():
    collaborator = UserFactory(role=roles.COLLABORATOR)
    own = TaskFactory(assignee=collaborator)
    someone_elses = TaskFactory()
    assert list(Task.objects.editable_by(collaborator)) == [own]
    request = RequestFactory().get("/")
    request.user = collaborator
    task_admin = site._registry[Task]
    assert task_admin.has_change_permission(request, own)
    assert not task_admin.has_change_permission(request, someone_elses)


def test_a_collaborator_cannot_change_an_organisation_in_the_back_office(client_collaborator):
    organisation = OrganisationFactory()
    url = f"/admin/partners/organisation/{organisation.pk}/change/"
    response = client_collaborator.post(url, {"name": "Renommée", "kind": "esat"})
    organisation.refresh_from_db()
    assert organisation.name != "Renommée"
    assert response.status_code in (200, 403)
    assert not response.context or not response.context.get("has_change_permission")


def test_sync_roles_is_idempotent():
    from django.apps import apps

    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    roles.sync_roles(apps)
    after = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert before == after
