import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from actions.models import Action
from conventions import services
from conventions.models import Clause, Convention
from tests.factories import (
    ActionFactory,
    AxisFactory,
    ConventionFactory,
    PartyFactory,
    UserFactory,
    moved_to,
)

pytestmark = pytest.mark.django_db
S = Convention.Status


@pytest.fixture(autouse=True)
def _on_15_june_2026():
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def user():
    return UserFactory(username="samir", first_name="Samir", last_name="Haddou")


def in_negotiation(**kwargs) -> Convention:
    convention = ConventionFactory(status=S.NEGOTIATION, **kwargs)
    PartyFactory(convention=convention, signed_on=dt.date(2026, 6, 1))
    PartyFactory(convention=convention, signed_on=dt.date(2026, 6, 10))
    PartyFactory(convention=convention, signs=False)
    return convention


def signed(**kwargs) -> Convention:
    return ConventionFactory(status=S.SIGNED, signed_on=dt.date(2025, 12, 1), **kwargs)


def test_a_draft_goes_to_negotiation_and_history_says_who(user):
    convention = ConventionFactory()
    services.convention_negotiate(convention=convention, by=user)
    convention.refresh_from_db()
    assert convention.status == S.NEGOTIATION
    assert convention.version == 2
    last = convention.history.first()
    assert last.history_user == user
    assert last.history_change_reason == "Statut : En négociation"


def test_signing_takes_the_date_of_the_last_signature(user):
    convention = in_negotiation()
    services.convention_sign(convention=convention, by=user)
    convention.refresh_from_db()
    assert convention.status == S.SIGNED
    assert convention.signed_on == dt.date(2026, 6, 10)


def test_signing_is_refused_while_a_signing_party_lacks_its_date(user):
    convention = in_negotiation()
    missing = PartyFactory(convention=convention, organisation__name="Réseau Gesat")
    with pytest.raises(ValidationError) as caught:
        services.convention_sign(convention=convention, by=user)
    assert "date de signature manquante pour Réseau Gesat" in caught.value.messages[0]
    missing.signed_on = dt.date(2026, 6, 14)
    missing.save()
    services.convention_sign(convention=convention, by=user)
    assert Convention.objects.get(pk=convention.pk).signed_on == dt.date(2026, 6, 14)


def test_signing_is_refused_without_any_signing_party(user):
    convention = ConventionFactory(status=S.NEGOTIATION)
    with pytest.raises(ValidationError, match="Aucune partie signataire"):
        services.convention_sign(convention=convention, by=user)


def test_a_draft_cannot_be_signed(user):
    with pytest.raises(ValidationError, match="Impossible depuis le statut « Brouillon »"):
        services.convention_sign(convention=ConventionFactory(), by=user)


def test_a_signed_convention_becomes_active_from_its_start_date(user):
    early = signed(starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 12, 31))
    with pytest.raises(ValidationError, match="ne prend effet que le 01/07/2026"):
        services.convention_activate(convention=early, by=user)
    started = signed(starts_on=dt.date(2026, 6, 15))
    services.convention_activate(convention=started, by=user)
    assert Convention.objects.get(pk=started.pk).status == S.ACTIVE


def test_an_active_convention_expires_only_after_its_end_date(user):
    running = ConventionFactory(
        status=S.ACTIVE, signed_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 6, 15)
    )
    with pytest.raises(ValidationError, match="court jusqu'au 15/06/2026 inclus"):
        services.convention_expire(convention=running, by=user)
    ended = ConventionFactory(
        status=S.ACTIVE, signed_on=dt.date(2025, 1, 1), starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2026, 6, 14),
    )  # fmt: skip
    services.convention_expire(convention=ended, by=user)
    assert Convention.objects.get(pk=ended.pk).status == S.EXPIRED


def test_termination_needs_a_reason_and_keeps_its_date(user):
    convention = signed()
    with pytest.raises(ValidationError) as caught:
        services.convention_terminate(
            convention=convention, by=user, terminated_on=dt.date(2026, 6, 1), reason="  "
        )
    assert caught.value.message_dict == {"reason": ["Indiquez le motif de la résiliation."]}
    services.convention_terminate(
        convention=convention, by=user, terminated_on=dt.date(2026, 6, 1), reason="Fin du projet"
    )
    convention.refresh_from_db()
    assert (convention.status, convention.terminated_on) == (S.TERMINATED, dt.date(2026, 6, 1))
    assert convention.termination_reason == "Fin du projet"


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (S.DRAFT, "activate"),
        (S.NEGOTIATION, "negotiate"),
        (S.TERMINATED, "renew"),
        (S.EXPIRED, "terminate"),
        (S.RENEWED, "renew"),
        (S.DRAFT, "expire"),
    ],
)
def test_forbidden_transitions_explain_why_in_french(status, name):
    convention = Convention(status=status)
    assert services.transition_refusal(convention, name).startswith("Impossible depuis le statut")


def test_renewal_copies_parties_axes_clauses_and_open_actions_linked_both_ways(user):
    old = ConventionFactory(
        starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2026, 12, 31), renewal_months=12,
        notice_days=60, tacit_renewal=True,
    )  # fmt: skip
    party = PartyFactory(
        convention=old, signed_on=dt.date(2025, 12, 1), signatory_title="Président"
    )
    axis = AxisFactory(convention=old, number=1, title="Sourcing")
    Clause.objects.create(convention=old, number=1, title="Objet", body="Texte")
    ActionFactory(
        convention=old, axis=axis, lead_party=party, title="Ouverte", status="in_progress"
    )
    ActionFactory(convention=old, title="Finie", status="done", completed_on=dt.date(2026, 1, 1))
    moved_to(old, S.SIGNED, signed_on=dt.date(2025, 12, 1))

    new = services.convention_renew(convention=old, by=user)

    old.refresh_from_db()
    assert old.status == S.RENEWED
    assert new.predecessor == old and old.successor == new
    assert new.status == S.DRAFT
    assert (new.starts_on, new.ends_on) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert new.notice_deadline == dt.date(2027, 11, 1)
    copied_party = new.parties.get()
    assert copied_party.organisation == party.organisation
    assert copied_party.signed_on is None
    assert copied_party.signatory_title == "Président"
    assert [a.title for a in new.axes.all()] == ["Sourcing"]
    assert [c.title for c in new.clauses.all()] == ["Objet"]
    action = new.actions.get()
    assert action.title == "Ouverte"
    assert action.axis.convention == new
    assert action.lead_party == copied_party
    assert Action.objects.filter(convention=old).count() == 2
    assert new.history.first().history_change_reason == f"Renouvellement de {old.reference}"


def test_a_convention_is_renewed_only_once(user):
    old = signed()
    services.convention_renew(convention=old, by=user)
    old.refresh_from_db()
    with pytest.raises(ValidationError, match="Impossible depuis le statut « Renouvelée »"):
        services.convention_renew(convention=old, by=user)


def test_an_amendment_is_a_draft_child_with_the_same_parties(user):
    parent = ConventionFactory()
    PartyFactory(convention=parent, signed_on=dt.date(2025, 12, 1))
    moved_to(parent, S.SIGNED, signed_on=dt.date(2025, 12, 1))
    amendment = services.amendment_create(
        convention=parent, by=user, title="Avenant n° 1", purpose="Ajouter un axe"
    )
    assert amendment.kind == Convention.Kind.AMENDMENT
    assert amendment.parent == parent
    assert list(parent.amendments.all()) == [amendment]
    assert amendment.parties.get().signed_on is None


def test_a_draft_cannot_receive_an_amendment(user):
    with pytest.raises(ValidationError, match="Seule une convention signée ou en cours"):
        services.amendment_create(convention=ConventionFactory(), by=user, title="A", purpose="")


def test_a_save_over_a_newer_version_is_refused_with_who_and_when(user):
    convention = ConventionFactory(title="Avant")
    other = UserFactory(username="lea", first_name="Léa", last_name="Moreau")
    stale = Convention.objects.get(pk=convention.pk)
    fresh = Convention.objects.get(pk=convention.pk)
    fresh.title = "Modifiée par Léa"
    services.versioned_save(instance=fresh, expected_version=1, by=other)

    stale.title = "Ma version"
    with pytest.raises(services.ConflictError) as caught:
        services.versioned_save(instance=stale, expected_version=1, by=user)
    assert "Modifié par Léa Moreau le 15/06/2026 à 12:00" in caught.value.messages[0]
    convention.refresh_from_db()
    assert (convention.title, convention.version) == ("Modifiée par Léa", 2)


def test_a_transition_makes_an_open_edit_form_stale(user):
    convention = ConventionFactory()
    services.convention_negotiate(convention=convention, by=user)
    with pytest.raises(services.ConflictError):
        services.versioned_save(instance=convention, expected_version=1, by=user)
