import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from actions.models import Action
from tests.factories import (
    ActionFactory,
    AxisFactory,
    ContactFactory,
    ConventionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_late_is_derived_from_the_due_date_and_the_status():
    today = dt.date(2026, 11, 25)
    late = ActionFactory(due_on=dt.date(2026, 11, 24), status="in_progress")
    ActionFactory(due_on=dt.date(2026, 11, 25), status="in_progress")
    ActionFactory(
        due_on=dt.date(2026, 11, 1), status="done", completed_on=dt.date(2026, 11, 2), progress=100
    )
    ActionFactory(due_on=dt.date(2026, 11, 1), status="cancelled")
    assert list(Action.objects.late(today)) == [late]
    assert late.is_late(today)


def test_progress_is_a_percentage():
    action = ActionFactory.build(progress=120)
    assert errors_of(action)["progress"] == ["L'avancement est un pourcentage entre 0 et 100."]


def test_an_action_has_one_owner_a_user_or_a_partner_contact():
    action = ActionFactory.build(owner_user=UserFactory(), owner_contact=ContactFactory())
    assert errors_of(action)["__all__"] == [
        "Le responsable est soit un·e utilisateur·rice, soit un contact partenaire."
    ]


def test_an_action_cannot_sit_under_another_conventions_axis():
    action = ActionFactory.build(convention=ConventionFactory(), axis=AxisFactory())
    assert errors_of(action)["axis"] == ["Cet axe appartient à une autre convention."]
