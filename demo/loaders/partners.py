"""Loaders for the logins, the organisations, the contacts and the links between them."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from stdnum import luhn

from core.roles import ADMINISTRATOR
from demo.data.organisations import (
    DESCRIPTIONS,
    FICTIONAL,
    INSTITUTIONS,
    NETWORKS,
    PROVIDERS,
    REGIONAL_NETWORKS,
    RELATIONSHIPS,
    SIRETS,
    TRADES,
)
from demo.data.people import AFFILIATIONS, CONSENTED_AT, CONTACTS, PASSWORD, USERS
from demo.loaders.state import REASON, Demo, email, slug
from partners.models import Affiliation, Contact, Department, Organisation, Relationship, Trade


def fictional_siret(index: int) -> str:
    """A reproducible SIRET, valid for `stdnum.fr.siret`, for the index-th fictional provider."""
    siren = f"99{index:06d}"
    siren += luhn.calc_check_digit(siren)
    siret = f"{siren}0001"
    return siret + luhn.calc_check_digit(siret)


def load_users(demo: Demo) -> None:
    User = get_user_model()
    for username, first, last, role in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            # Only the Administrateur role reaches the admin.
            user = User(
                username=username, first_name=first, last_name=last, is_staff=role == ADMINISTRATOR
            )
            user.email, user.is_superuser = email(first, last), username == "admin"
            user.set_password(PASSWORD)
            user._history_user, user._change_reason = demo.admin, REASON
            user.full_clean()
            user.save()
            user.groups.add(Group.objects.get(name=role))
            demo.count(User)
        demo.users[username] = user
        # The first login, the administrator, signs the history of every later row.
        demo.admin = demo.admin or user


def load_organisations(demo: Demo) -> None:
    trades = {name: demo.get(Trade, {"name": name}) for name in TRADES}
    departments = {d.code: d for d in Department.objects.all()}
    owner = demo.users["relations"]
    for key, name, acronym, kind, city, dept in INSTITUTIONS:
        demo.orgs[key] = demo.get(
            Organisation,
            {"name": name},
            acronym=acronym,
            kind=kind,
            city=city,
            owner=owner,
            department=departments[dept],
            description=DESCRIPTIONS.get(key, ""),
            siret=SIRETS.get(key, ""),
        )
    for index, row in enumerate(PROVIDERS, 1):
        name, place, workforce, offered = (part.strip() for part in row.split(";"))
        postal_code, city = place.split(" ", 1)
        org, created = demo.ensure(
            Organisation,
            {"name": name},
            kind=name.split()[0].lower(),
            city=city,
            postal_code=postal_code,
            department=departments[postal_code[:2]],
            owner=owner,
            workforce=int(workforce),
            siret=fictional_siret(index),
            description=FICTIONAL,
            email=f"contact@{slug(name)}.example.org",
        )
        if created:
            org.trades.set([trades[trade.strip()] for trade in offered.split(",")])
        demo.orgs[name] = org


def load_people(demo: Demo) -> None:
    consented_at = timezone.make_aware(CONSENTED_AT)
    for key, (civility, first, last, consent) in CONTACTS.items():
        demo.contacts[key] = demo.get(
            Contact,
            {"email": email(first, last)},
            civility=civility,
            first_name=first,
            last_name=last,
            email_consent=consent,
            owner=demo.users["relations"],
            email_consent_at=consented_at if consent else None,
        )
    for contact, org, title, primary in AFFILIATIONS:
        lookup = {"contact": demo.contacts[contact], "organisation": demo.orgs[org]}
        demo.get(
            Affiliation,
            {**lookup, "role_title": title},
            is_primary=primary,
            email=demo.contacts[contact].email,
        )


def load_relationships(demo: Demo) -> None:
    """The listed links, then each provider's membership of its national and regional networks."""
    links = list(RELATIONSHIPS)
    for org in Organisation.objects.filter(name__in=demo.orgs).providers():
        networks = [
            *NETWORKS.get(org.kind, ()),
            REGIONAL_NETWORKS.get((org.kind, org.department.code)),
        ]
        links += [(org.name, "member_of", network, "") for network in networks if network]
    for source, kind, target, notes in links:
        lookup = {"source": demo.orgs[source], "kind": kind, "target": demo.orgs[target]}
        demo.get(Relationship, lookup, notes=notes)
