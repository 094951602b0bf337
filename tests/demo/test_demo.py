"""`manage.py demo` loads the four partnerships of DOMAIN.md, once."""

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from actions.models import Action
from conventions.models import Convention, Programme
from core import roles
from core.models import User
from partners.models import Interaction, Organisation

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    """Every table of the project, history and m2m tables included."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in {
            "core",
            "partners",
            "purchases",
            "conventions",
            "actions",
            "tasks",
            "auth",
        }:
            counts[model._meta.db_table] = model._default_manager.count()
    return counts


@pytest.fixture
def demo(module_demo):
    return module_demo


def test_the_demo_prints_the_url_and_one_login_per_role(demo):
    assert "http://127.0.0.1:8000/" in demo
    for username, role in [
        ("admin", roles.ADMINISTRATOR),
        ("relations", roles.RELATIONS_MANAGER),
        ("coordination", roles.COORDINATOR),
        ("collaboration", roles.COLLABORATOR),
    ]:
        assert username in demo and role in demo
        user = User.objects.get(username=username)
        assert user.check_password("maillage-demo")
        assert list(user.groups.values_list("name", flat=True)) == [role]


def test_running_the_demo_twice_changes_nothing(demo):
    before = row_counts()
    call_command("demo", stdout=StringIO())
    assert row_counts() == before
    assert before["partners_organisation"] > 40
    assert before["partners_historicalorganisation"] >= before["partners_organisation"]


def test_the_macs_programme_has_four_bilateral_conventions_signed_on_5_september_2017(demo):
    macs = Programme.objects.get(acronym="MACS Île-de-France")
    assert macs.pilot.name == "GIP Maximilien"
    signed_2017 = macs.conventions.filter(signed_on=dt.date(2017, 9, 5))
    partners = set()
    for convention in signed_2017:
        names = set(convention.parties.values_list("organisation__name", flat=True))
        assert len(names) == 2 and "GIP Maximilien" in names
        partners |= names - {"GIP Maximilien"}
        assert convention.actions.count() == 4
        assert convention.parties.filter(signatory__isnull=False).count() == 2
    assert partners == {
        "URTIE",
        "GRAFIE",
        "Union nationale des entreprises adaptées",
        "Réseau Gesat",
    }
    titles = " ".join(
        Action.objects.filter(convention__programme=macs).values_list("title", flat=True)
    )
    assert "Openmap ESS" in titles


def test_unea_and_fei_bretagne_have_a_convention_with_two_axes(demo):
    convention = (
        Convention.objects.filter(parties__organisation__acronym="UNEA")
        .filter(parties__organisation__acronym="FEI Bretagne")
        .get()
    )
    assert convention.ends_on == dt.date(2019, 12, 31)
    assert convention.axes.count() == 2
    assert all(axis.actions.exists() for axis in convention.axes.all())


def test_the_metropole_and_reseau_gesat_have_an_annual_tacitly_renewed_convention(demo):
    convention = (
        Convention.objects.filter(parties__organisation__name="Métropole Aix-Marseille-Provence")
        .filter(parties__organisation__name="Réseau Gesat")
        .get()
    )
    assert convention.tacit_renewal
    assert convention.indicators.filter(measurements__isnull=False).exists()
    assert convention in Convention.objects.ending_within(90)


def test_handeco_events_are_in_the_journal(demo):
    handeco = Organisation.objects.get(name="Handeco")
    events = Interaction.objects.filter(organisations=handeco, kind="event")
    assert any("Handiformelles" in event.subject for event in events)


def test_providers_can_be_sourced_by_trade_and_department(demo):
    laundries_13 = Organisation.objects.providers().filter(
        department__code="13", trades__name="Blanchisserie"
    )
    assert laundries_13.count() >= 2


def test_only_the_demo_administrator_is_staff(demo):
    assert list(User.objects.filter(is_staff=True).values_list("username", flat=True)) == ["admin"]


def test_the_back_office_lists_the_macs_conventions_with_parties_and_actions(demo, client):
    client.force_login(
        User.objects.get(username="admin"), backend="core.auth.CachedPermissionBackend"
    )
    macs = Programme.objects.get(acronym="MACS Île-de-France")
    listing = client.get(
        reverse("admin:conventions_convention_changelist"), {"programme__id__exact": macs.pk}
    ).content.decode()
    for convention in macs.conventions.all():
        assert convention.reference in listing
    convention = macs.conventions.get(parties__organisation__name="URTIE")
    page = client.get(
        reverse("admin:conventions_convention_change", args=[convention.pk])
    ).content.decode()
    assert "URTIE" in page and "GIP Maximilien" in page
    actions = client.get(
        reverse("admin:actions_action_changelist"), {"convention__id__exact": convention.pk}
    ).content.decode()
    for action in convention.actions.all():
        assert escape(action.title) in actions
