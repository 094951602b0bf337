"""Factories for tests: French fakes, valid identifiers, one user per role."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from actions.models import Action, Indicator
from conventions.models import Axis, Convention, Party
from core.models import User
from partners.models import Contact, Organisation
from tasks.models import Task


def luhn_complete(prefix: str) -> str:
    """Append the digit that makes `prefix` pass the Luhn check (SIREN/SIRET rule)."""
    for last in "0123456789":
        digits = [int(d) for d in prefix + last]
        total = 0
        for index, digit in enumerate(reversed(digits)):
            if index % 2 == 1:
                digit *= 2
                if digit > 9:
                    digit -= 9
            total += digit
        if total % 10 == 0:
            return prefix + last
    raise AssertionError("unreachable")


def valid_siret(n: int) -> str:
    """A distinct valid SIRET for each n: a valid SIREN, then a valid establishment code."""
    siren = luhn_complete(f"{800000000 + n * 7:09d}"[:8])
    return luhn_complete(f"{siren}{n % 10000:04d}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("mot-de-passe-de-test")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.ESAT
    siret = factory.Sequence(valid_siret)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class ConventionFactory(DjangoModelFactory):
    class Meta:
        model = Convention

    title = factory.Sequence(lambda n: f"Convention de partenariat {n}")
    starts_on = dt.date(2026, 1, 1)
    ends_on = dt.date(2026, 12, 31)


class PartyFactory(DjangoModelFactory):
    class Meta:
        model = Party

    convention = factory.SubFactory(ConventionFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class AxisFactory(DjangoModelFactory):
    class Meta:
        model = Axis

    convention = factory.SubFactory(ConventionFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Axe {n}")


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    convention = factory.SubFactory(ConventionFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Action {n}")
    status = "planned"
    # Status and progress agree (actions/models.py): done is 100 %, anything else starts at 0.
    progress = factory.LazyAttribute(lambda action: 100 if action.status == "done" else 0)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    convention = factory.SubFactory(ConventionFactory)
    name = "Montant des achats auprès du secteur"
    unit = "€"
    target = 1_900_000


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = Task

    title = factory.Sequence(lambda n: f"Relancer le partenaire {n}")
    assignee = factory.SubFactory(UserFactory)
    due_on = dt.date(2026, 11, 25)


def moved_to(convention: Convention, status: str, **fields: object) -> Convention:
    """`convention` put in `status` once its parties, axes and articles are written (a signed
    text takes no new part). Arranged by the test, not through the lifecycle."""
    Convention.objects.filter(pk=convention.pk).update(status=status, **fields)
    convention.refresh_from_db()
    return convention
