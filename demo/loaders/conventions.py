"""Loaders for the programme, the conventions, their parties, articles, plans and indicators."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from actions.models import Action, Indicator, Measurement
from conventions.models import Axis, Clause, Convention, Party, Programme
from demo.data.conventions import (
    BRETAGNE,
    CLAUSES,
    HANDECO,
    MACS_ACTIONS,
    MACS_BILATERAL,
    MACS_NETWORKS,
    MACS_OWNER,
    MACS_PROGRAMME,
    MACS_RENEWAL,
    METROPOLE,
    SIGNATURE,
)
from demo.loaders.state import REASON, Demo
from partners.models import Affiliation, Contact


def load_macs(demo: Demo) -> Convention:
    """The MACS programme: four bilateral conventions signed in 2017, then the live renewal."""
    programme = demo.get(
        Programme,
        {"name": MACS_PROGRAMME["name"]},
        acronym=MACS_PROGRAMME["acronym"],
        pilot=demo.orgs[MACS_PROGRAMME["pilot"]],
        description=MACS_PROGRAMME["description"],
    )
    for network, contact in MACS_NETWORKS:
        convention = load_convention(demo, _macs_bilateral(demo, network, contact), programme)
    starts = demo.day(-90)
    return load_convention(
        demo,
        MACS_RENEWAL,
        programme,
        predecessor=convention,
        starts_on=starts,
        ends_on=date(starts.year + 3, 12, 31),
    )


def _macs_bilateral(demo: Demo, network: str, signatory: str) -> dict:
    """The bilateral convention between the GIP and `network`, from MACS_BILATERAL."""
    short = demo.orgs[network].acronym or demo.orgs[network].name
    fields = MACS_BILATERAL["fields"]
    pilot = MACS_BILATERAL["pilot"]
    plan = tuple(
        (title, network, signatory, SIGNATURE, due, Action.Status.DONE, 100)
        if by_partner
        else (title, pilot[0], MACS_OWNER, SIGNATURE, due, Action.Status.DONE, 100)
        for title, by_partner, due in MACS_ACTIONS
    )
    return {
        "fields": {**fields, "title": fields["title"].format(short=short)},
        "parties": (pilot, (network, signatory, Party.Role.SIGNATORY, SIGNATURE)),
        "clauses": {
            key: text.format(short=short) for key, text in MACS_BILATERAL["clauses"].items()
        },
        "plan": plan,
    }


def load_bretagne(demo: Demo) -> None:
    load_convention(demo, BRETAGNE)


def load_metropole(demo: Demo) -> Convention:
    """The annual partnership, tacitly renewed on its 2021 anniversary, now due for renewal."""
    ends = demo.day(70)  # notice deadline (60 days) in 10 days: listed "à renouveler"
    anniversary = ends + timedelta(days=1)
    leap_day = (anniversary.month, anniversary.day) == (2, 29)  # 2021 has no 29 February
    starts = date(2021, anniversary.month, 28 if leap_day else anniversary.day)
    signed = max(date(2021, 1, 4), starts - timedelta(days=14))
    return load_convention(demo, METROPOLE, signed_on=signed, starts_on=starts, ends_on=ends)


def load_handeco(demo: Demo) -> None:
    """The sponsorship of three editions: last year's, this year's and next year's."""
    year = demo.today.year
    load_convention(
        demo,
        HANDECO,
        signed_on=date(year - 2, 12, 12),
        starts_on=date(year - 1, 1, 1),
        ends_on=date(year + 1, 12, 31),
    )


def load_convention(
    demo: Demo, spec: dict, programme: Programme | None = None, **fields: Any
) -> Convention:
    """A convention of `demo.data.conventions`, `fields` adding the dates computed by its loader."""
    fields = {**spec["fields"], **fields}
    # Written as a draft, its text, then its status: a signed text takes no new part.
    status = fields.pop("status", Convention.Status.DRAFT)
    convention = demo.get(
        Convention,
        {"programme": programme, "title": fields.pop("title")},
        owner=demo.users["relations"],
        coordinator=demo.users["coordination"],
        **fields,
    )
    parties = {
        row[0]: _party(demo, convention, order, row) for order, row in enumerate(spec["parties"], 1)
    }
    for number, (title, body) in enumerate(CLAUSES, 1):
        lookup = {"convention": convention, "number": number}
        demo.get(Clause, lookup, title=title, body=body.format(**spec["clauses"]))
    actions = _plan(demo, convention, parties, spec)
    for order, row in enumerate(spec.get("indicators", ()), 1):
        _indicator(demo, convention, order, row, actions)
    if convention.status == Convention.Status.DRAFT and status != convention.status:
        convention.status = status
        convention._history_user, convention._change_reason = demo.admin, REASON
        convention.full_clean()
        convention.save()
    return convention


def _day(demo: Demo, convention: Convention, when: Any) -> date:
    """A date of the data, which may count from the convention's own dates."""
    if when == SIGNATURE:
        return convention.signed_on
    if isinstance(when, tuple):
        anchor, days = when
        start_or_end = convention.starts_on if anchor == "start" else convention.ends_on
        return start_or_end + timedelta(days=days)
    return demo.on(when)


def _party(demo: Demo, convention: Convention, order: int, row: tuple) -> Party:
    """A party; its signatory's title is the contact's role in that organisation."""
    org, contact, role, signed, *other = row
    fields = dict(other[0]) if other else {}
    if contact:
        fields["signatory"] = demo.contacts[contact]
        fields["signatory_title"] = Affiliation.objects.get(
            contact=fields["signatory"], organisation=demo.orgs[org]
        ).role_title
    signed_on = None if signed is None else _day(demo, convention, signed)
    lookup = {"convention": convention, "organisation": demo.orgs[org]}
    place = demo.orgs[org].city if signed_on else ""
    return demo.get(
        Party, lookup, order=order, role=role, signed_on=signed_on, signed_at=place, **fields
    )


def _plan(demo: Demo, convention: Convention, parties: dict, spec: dict) -> dict[str, Action]:
    """The annex, by number: each axis's actions ("1.1", "1.2"…), then the plain plan ("1"…)."""
    actions, order = {}, 0
    for number, title, description, rows in spec.get("axes", ()):
        lookup = {"convention": convention, "number": number}
        axis = demo.get(Axis, lookup, title=title, description=description)
        for sub, row in enumerate(rows, 1):
            order += 1
            action = _action(demo, convention, parties, order, f"{number}.{sub}", row, axis=axis)
            actions[action.number] = action
    for row in spec.get("plan", ()):
        order += 1
        action = _action(demo, convention, parties, order, str(order), row)
        actions[action.number] = action
    return actions


def _action(
    demo: Demo,
    convention: Convention,
    parties: dict[str, Party],
    order: int,
    number: str,
    row: tuple,
    **fields: Any,
) -> Action:
    """An annex line, owned by a user or a contact; a done one is complete on its due day."""
    title, lead, owner, starts, due, status, progress, *completed = row
    owner = demo.owner(owner)
    fields["owner_contact" if isinstance(owner, Contact) else "owner_user"] = owner
    due_on = _day(demo, convention, due)
    if status == Action.Status.DONE:
        fields["completed_on"] = _day(demo, convention, completed[0]) if completed else due_on
        progress = 100
    return demo.get(
        Action,
        {"convention": convention, "number": number},
        order=order,
        title=title,
        lead_party=parties[lead],
        starts_on=_day(demo, convention, starts),
        due_on=due_on,
        status=status,
        progress=progress,
        **fields,
    )


def _indicator(
    demo: Demo, convention: Convention, order: int, row: tuple, actions: dict[str, Action]
) -> Indicator:
    """An indicator and its measurements to date, each found again by its comment."""
    name, unit, target, measures, options = row
    fields = dict(options)
    if "action" in fields:
        fields["action"] = actions[fields["action"]]
    lookup = {"convention": convention, "name": name}
    indicator = demo.get(
        Indicator, lookup, unit=unit, order=order, target=Decimal(target), **fields
    )
    for when, value, comment in measures:
        measured_on = demo.on(when)
        if measured_on <= demo.today:
            demo.get(
                Measurement,
                {"indicator": indicator, "comment": comment},
                measured_on=measured_on,
                value=Decimal(value),
                recorded_by=demo.users["coordination"],
            )
    return indicator
