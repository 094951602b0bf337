"""The convention workspace: a summary header and tabs, each tab a section at its own URL.

The header says where the convention stands (status, dates, parties), the next step of its
lifecycle with the button that takes it, and what is late. The tabs are the sections of
``registry.sections`` for ``"conventions.Convention"``: conventions registers its own here
(``register``), actions and tasks theirs from their ``apps.py``, so this module never names
them. A page costs the header's queries plus its section's, a fixed number whatever the
size of the plan (tests/conventions/test_workspace.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from conventions import services
from conventions.models import Convention, Party
from conventions.panels import RENEWAL_HORIZON_DAYS
from core import registry
from core.history_feed import history_context
from core.sections import SectionContext

PLACE = "conventions.Convention"
# How far ahead the header warns of an end or a notice deadline: the dashboard's "à renouveler".
RENEW_DAYS = RENEWAL_HORIZON_DAYS
# The tab at /conventions/<pk>/ itself.
DEFAULT_SECTION = "synthese"
# Parties named in the header; the parties tab shows the rest.
HEADER_PARTIES = 4
# Rows a section shows at most: a convention's own parts are few, these bound the odd one.
PARTIES_LIMIT = 50
TEXT_LIMIT = 50
AMENDMENTS_LIMIT = 10

S = Convention.Status


@dataclass(frozen=True)
class NextStep:
    """What moves the convention on: a label for its button, where it goes, who may."""

    label: str
    url: str
    permission: str
    # What the step waits for, or what it will do: shown beside the button.
    detail: str = ""


def _date(day: date) -> str:
    return formats.date_format(day, "d/m/Y")


def _transition(convention: Convention, name: str) -> str:
    return reverse("conventions:convention_transition", args=[convention.pk, name])


def _renewal_due(convention: Convention, today: date) -> bool:
    horizon = today + timedelta(days=RENEW_DAYS)
    return any(
        day is not None and day <= horizon
        for day in (convention.ends_on, convention.notice_deadline)
    )


def next_step(convention: Convention, today: date | None = None) -> NextStep | None:
    """The one step the header offers from the current status; None once the convention is closed.

    Where the lifecycle refuses the step, the button goes to the form that unblocks it (the
    party whose signature date is missing); the summary tab lists every step with its refusal.
    """
    today = today or timezone.localdate()
    change = "conventions.change_convention"
    if convention.status == S.DRAFT:
        if not convention.parties.all():
            return NextStep(
                _("Ajouter les parties"),
                reverse("conventions:party_create", args=[convention.pk]),
                "conventions.add_party",
                _("Aucune partie pour l'instant : ajoutez les organisations qui s'engagent."),
            )
        return NextStep(_("Passer en négociation"), _transition(convention, "negotiate"), change)
    if convention.status == S.NEGOTIATION:
        return _signature_step(convention, today)
    if convention.status == S.SIGNED:
        refusal = services.transition_refusal(convention, "activate", today)
        if not refusal:
            return NextStep(_("Mettre en vigueur"), _transition(convention, "activate"), change)
        if convention.starts_on is None:
            return NextStep(
                _("Indiquer la prise d'effet"),
                reverse("conventions:convention_update", args=[convention.pk]),
                change,
                refusal,
            )
        return _amendment_step(convention, refusal)
    if convention.status == S.ACTIVE:
        if convention.ends_on is not None and convention.ends_on < today:
            return NextStep(
                _("Constater l'échéance"),
                _transition(convention, "expire"),
                change,
                _("La convention a pris fin le %(date)s.") % {"date": _date(convention.ends_on)},
            )
        if _renewal_due(convention, today) and not hasattr(convention, "successor"):
            return NextStep(
                _("Reconduire"),
                _transition(convention, "renew"),
                change,
                _renewal_detail(convention),
            )
        return _amendment_step(convention, "")
    if convention.status in (S.EXPIRED, S.RENEWED) and hasattr(convention, "successor"):
        return NextStep(
            _("Ouvrir la convention qui la renouvelle"),
            convention.successor.get_absolute_url(),
            "conventions.view_convention",
            convention.successor.reference,
        )
    if convention.status == S.EXPIRED:
        return NextStep(
            _("Reconduire"), _transition(convention, "renew"), change, _renewal_detail(convention)
        )
    return None


def _signature_step(convention: Convention, today: date) -> NextStep:
    refusal = services.transition_refusal(convention, "sign", today)
    if not refusal:
        return NextStep(
            _("Signer"),
            _transition(convention, "sign"),
            "conventions.change_convention",
            _("Toutes les parties signataires ont signé."),
        )
    missing = [p for p in convention.parties.all() if p.signs and p.signed_on is None]
    if not missing:
        return NextStep(
            _("Ajouter une partie signataire"),
            reverse("conventions:party_create", args=[convention.pk]),
            "conventions.add_party",
            refusal,
        )
    party = missing[0]
    return NextStep(
        _("Compléter la signature de %(name)s") % {"name": party.organisation},
        reverse("conventions:party_update", args=[convention.pk, party.pk]),
        "conventions.change_party",
        ngettext(
            "%(n)s partie signataire n'a pas encore de date de signature.",
            "%(n)s parties signataires n'ont pas encore de date de signature.",
            len(missing),
        )
        % {"n": len(missing)},
    )


def _amendment_step(convention: Convention, detail: str) -> NextStep | None:
    if not convention.can_be_amended:
        return None
    return NextStep(
        _("Préparer l'avenant"),
        reverse("conventions:convention_amend", args=[convention.pk]),
        "conventions.add_convention",
        detail,
    )


def _renewal_detail(convention: Convention) -> str:
    if convention.ends_on is None:
        return ""
    return _("Elle prend fin le %(date)s.") % {"date": _date(convention.ends_on)}


def late_items(convention: Convention, today: date | None = None) -> list[str]:
    """What is late or due soon on the convention itself (the actions' lateness is theirs)."""
    today = today or timezone.localdate()
    if convention.status not in (S.SIGNED, S.ACTIVE):
        return []
    items = []
    deadline = convention.notice_deadline
    # Without a notice, the deadline is the end itself: said once, by the end's line.
    if convention.notice_days and deadline is not None:
        if deadline < today:
            items.append(
                _(
                    "Préavis dépassé depuis le %(date)s : il est trop tard pour dénoncer la convention."
                )
                % {"date": _date(deadline)}
            )
        elif deadline <= today + timedelta(days=RENEW_DAYS):
            items.append(
                _("Préavis : à dénoncer ou reconduire avant le %(date)s.")
                % {"date": _date(deadline)}
            )
    if convention.ends_on is not None:
        if convention.ends_on < today:
            items.append(_("Échue depuis le %(date)s.") % {"date": _date(convention.ends_on)})
        elif convention.ends_on <= today + timedelta(days=RENEW_DAYS):
            items.append(_("Prend fin le %(date)s.") % {"date": _date(convention.ends_on)})
    return items


# --- the page ------------------------------------------------------------------------


def convention_for_page(pk: int) -> Convention:
    """The convention with what the header reads: its links and its parties (two queries)."""
    queryset = Convention.objects.select_related(
        "programme", "owner", "coordinator", "parent", "predecessor", "successor"
    ).prefetch_related(
        Prefetch(
            "parties",
            queryset=Party.objects.select_related("organisation", "signatory").order_by(
                "order", "pk"
            ),
        ),
    )
    return get_object_or_404(queryset, pk=pk)


def section_url(convention: Convention, slug: str) -> str:
    if slug == DEFAULT_SECTION:
        return convention.get_absolute_url()
    return reverse("conventions:convention_section", args=[convention.pk, slug])


def render_workspace(
    request: HttpRequest, pk: int, slug: str, extra: dict[str, Any] | None = None
) -> HttpResponse:
    """The workspace on its section `slug`: 404 for an unknown one, 403 for a forbidden one."""
    section = registry.sections.get(PLACE, slug)
    if section is None:
        raise Http404
    if not section.allowed(request.user):
        raise PermissionDenied
    convention = convention_for_page(pk)
    today = timezone.localdate()
    tabs = [
        {"section": tab, "url": section_url(convention, tab.slug), "current": tab.slug == slug}
        for tab in registry.sections.for_place(PLACE, request.user)
    ]
    parties = list(convention.parties.all())
    step = next_step(convention, today)
    context = {
        "convention": convention,
        "object": convention,
        "today": today,
        "tabs": tabs,
        "section": section,
        "next_step": step,
        "next_step_allowed": step is not None and request.user.has_perm(step.permission),
        "late_items": late_items(convention, today),
        "header_parties": parties[:HEADER_PARTIES],
        "more_parties": max(len(parties) - HEADER_PARTIES, 0),
        "parties_url": section_url(convention, "parties"),
        **(section.context(request, convention) if section.context else {}),
        **(extra or {}),
    }
    return render(request, "conventions/convention_workspace.html", context)


# --- conventions' own sections -------------------------------------------------------


def summary_section(request: HttpRequest, convention: Convention) -> dict[str, Any]:
    """The facts, every lifecycle step with why it waits, the amendments: one query."""
    amendments = list(convention.amendments.order_by("reference", "pk")[: AMENDMENTS_LIMIT + 1])
    return {
        "steps": services.available_transitions(convention),
        "amendments": amendments[:AMENDMENTS_LIMIT],
        "more_amendments": len(amendments) > AMENDMENTS_LIMIT,
    }


def parties_section(request: HttpRequest, convention: Convention) -> dict[str, Any]:
    """The parties the header already read: no query."""
    parties = list(convention.parties.all())
    return {"parties": parties[:PARTIES_LIMIT], "party_count": len(parties)}


def _bounded(queryset: Any) -> tuple[list, int]:
    rows = list(queryset[:TEXT_LIMIT])
    return rows, (len(rows) if len(rows) < TEXT_LIMIT else queryset.count())


def text_section(request: HttpRequest, convention: Convention) -> dict[str, Any]:
    """Axes and articles, the first fifty of each: two queries (four past fifty)."""
    axes, axis_count = _bounded(convention.axes.order_by("number", "pk"))
    clauses, clause_count = _bounded(convention.clauses.order_by("number", "pk"))
    return {
        "axes": axes,
        "axis_count": axis_count,
        "clauses": clauses,
        "clause_count": clause_count,
    }


def history_section(request: HttpRequest, convention: Convention) -> dict[str, Any]:
    """The latest lines of the convention and its parts, with the link to the rest."""
    return {
        **history_context(convention),
        "can_restore": request.user.has_perm("conventions.change_convention"),
    }


def register(*, documents_context: SectionContext) -> None:
    """Conventions' own tabs; actions adds the plan and indicators, tasks the tasks.

    `documents_context` is the documents page's (twenty a page by keyset): that page renders
    this workspace, so apps.py hands it over rather than this module importing it back.
    """
    for order, slug, label, template, context in (
        (10, DEFAULT_SECTION, gettext_lazy("Synthèse"), "conventions/sections/_summary.html", summary_section),
        (20, "parties", gettext_lazy("Parties et signataires"), "conventions/sections/_parties.html", parties_section),
        (30, "texte", gettext_lazy("Articles et axes"), "conventions/sections/_text.html", text_section),
        (60, "documents", gettext_lazy("Documents"), "conventions/sections/_documents.html", documents_context),
        (90, "historique", gettext_lazy("Historique"), "conventions/sections/_history.html", history_section),
    ):  # fmt: skip
        registry.sections.register(
            PLACE, slug, label, template, context=context, order=order,
            permission="conventions.view_convention",
        )  # fmt: skip
