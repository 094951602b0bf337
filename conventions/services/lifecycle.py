"""The lifecycle of a convention: its transitions as a table, and the services that apply them.

Every transition takes a row lock, checks the state it starts from, writes one history
row with a French reason and bumps `version`, so an edit form opened before the
transition is refused instead of silently undoing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conventions.models import Convention
from core import versioning
from core.models import User

S = Convention.Status


# --- the lifecycle -------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    confirm: str
    destructive: bool = False
    # What the user is told once it is done (%(reference)s; renewal: %(successor)s too).
    done: str = ""


TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "negotiate",
            gettext_lazy("Passer en négociation"),
            (S.DRAFT,),
            S.NEGOTIATION,
            gettext_lazy("Le projet sera soumis aux parties pour négociation."),
            done=gettext_lazy("La convention %(reference)s est passée en négociation."),
        ),
        Transition(
            "redraft",
            gettext_lazy("Revenir au brouillon"),
            (S.NEGOTIATION,),
            S.DRAFT,
            gettext_lazy(
                "La convention redevient un brouillon : son texte se retravaille, puis elle "
                "repassera en négociation."
            ),
            done=gettext_lazy("La convention %(reference)s est revenue au brouillon."),
        ),
        Transition(
            "abandon",
            gettext_lazy("Abandonner"),
            (S.DRAFT, S.NEGOTIATION),
            S.ABANDONED,
            gettext_lazy(
                "L'abandon est définitif : la convention ne sera pas signée. "
                "Indiquez pourquoi elle est abandonnée."
            ),
            destructive=True,
            done=gettext_lazy("La convention %(reference)s est abandonnée."),
        ),
        Transition(
            "sign",
            gettext_lazy("Enregistrer la signature"),
            (S.NEGOTIATION,),
            S.SIGNED,
            gettext_lazy(
                "Toutes les parties signataires ont signé : la convention devient signée, "
                "à la date de la dernière signature."
            ),
            done=gettext_lazy(
                "La signature de la convention %(reference)s est enregistrée : la convention "
                "est signée."
            ),
        ),
        Transition(
            "activate",
            gettext_lazy("Mettre en vigueur"),
            (S.SIGNED,),
            S.ACTIVE,
            gettext_lazy("La convention a pris effet : elle passe « en cours »."),
            done=gettext_lazy(
                "La convention %(reference)s est mise en vigueur : elle est en cours."
            ),
        ),
        Transition(
            "expire",
            gettext_lazy("Constater l'échéance"),
            (S.SIGNED, S.ACTIVE),
            S.EXPIRED,
            gettext_lazy("La date de fin est passée : la convention devient échue."),
            done=gettext_lazy(
                "L'échéance de la convention %(reference)s est constatée : elle est échue."
            ),
        ),
        Transition(
            "terminate",
            gettext_lazy("Résilier"),
            (S.SIGNED, S.ACTIVE),
            S.TERMINATED,
            gettext_lazy("La résiliation est définitive : indiquez sa date et son motif."),
            destructive=True,
            done=gettext_lazy("La résiliation de la convention %(reference)s est enregistrée."),
        ),
        Transition(
            "renew",
            gettext_lazy("Renouveler"),
            (S.SIGNED, S.ACTIVE, S.EXPIRED),
            S.RENEWED,
            gettext_lazy(
                "Une nouvelle convention (brouillon) reprend les parties, les axes, les "
                "articles et les actions non terminées ; celle-ci devient « renouvelée »."
            ),
            done=gettext_lazy(
                "La convention %(reference)s est renouvelée : la convention %(successor)s "
                "reprend son contenu, en brouillon."
            ),
        ),
    )
}


def transition_refusal(convention: Convention, name: str, today: date | None = None) -> str:
    """Why `name` cannot happen now, in French; empty when it can."""
    today = today or timezone.localdate()
    transition = TRANSITIONS[name]
    if convention.status not in transition.sources:
        return _("Impossible depuis le statut « %(status)s ».") % {
            "status": convention.get_status_display()
        }
    if name == "sign":
        parties = list(convention.parties.all())
        if not any(p.signs for p in parties):
            return _("Aucune partie signataire : ajoutez les parties qui signent.")
        missing = [p for p in parties if p.signs and p.signed_on is None]
        if missing:
            names = ", ".join(str(p.organisation) for p in missing)
            return _("Signature impossible : date de signature manquante pour %(names)s.") % {
                "names": names
            }
    if name == "activate":
        if convention.starts_on is None:
            return _("Indiquez d'abord la date de prise d'effet.")
        if convention.starts_on > today:
            return _("La convention ne prend effet que le %(date)s.") % {
                "date": formats.date_format(convention.starts_on, "d/m/Y")
            }
    if name == "expire" and (convention.ends_on is None or convention.ends_on >= today):
        if convention.ends_on is None:
            return _("La convention n'a pas de date de fin.")
        return _("La convention court jusqu'au %(date)s inclus.") % {
            "date": formats.date_format(convention.ends_on, "d/m/Y")
        }
    if name == "renew" and hasattr(convention, "successor"):
        return _("Cette convention a déjà été renouvelée par %(ref)s.") % {
            "ref": convention.successor.reference
        }
    return ""


def available_transitions(convention: Convention, today: date | None = None) -> list[dict]:
    """The next steps from the current status, each with the reason it is refused, if any."""
    return [
        {"transition": t, "refusal": transition_refusal(convention, t.name, today)}
        for t in TRANSITIONS.values()
        if convention.status in t.sources
    ]


def _locked(convention: Convention, name: str, today: date) -> Convention:
    locked = Convention.objects.select_for_update().get(pk=convention.pk)
    refusal = transition_refusal(locked, name, today)
    if refusal:
        raise ValidationError(refusal, code="forbidden")
    return locked


def _save_transition(convention: Convention, by: User, target: str, detail: str = "") -> Convention:
    convention.status = target
    versioning.bump(convention)
    convention._history_user = by
    reason = _("Statut : %(status)s") % {"status": convention.get_status_display()}
    # The history keeps why (a reason column is bounded: the full text stays on the row).
    convention._change_reason = f"{reason} — {detail}"[:100] if detail else reason
    convention.full_clean()
    convention.save()
    return convention


@transaction.atomic
def convention_negotiate(*, convention: Convention, by: User) -> Convention:
    locked = _locked(convention, "negotiate", timezone.localdate())
    return _save_transition(locked, by, S.NEGOTIATION)


@transaction.atomic
def convention_sign(*, convention: Convention, by: User) -> Convention:
    """Signed on the date of the last signature: every signing party has one."""
    locked = _locked(convention, "sign", timezone.localdate())
    locked.signed_on = max(p.signed_on for p in locked.parties.all() if p.signs)
    return _save_transition(locked, by, S.SIGNED)


@transaction.atomic
def convention_activate(*, convention: Convention, by: User) -> Convention:
    locked = _locked(convention, "activate", timezone.localdate())
    return _save_transition(locked, by, S.ACTIVE)


@transaction.atomic
def convention_expire(*, convention: Convention, by: User) -> Convention:
    locked = _locked(convention, "expire", timezone.localdate())
    return _save_transition(locked, by, S.EXPIRED)


@transaction.atomic
def convention_terminate(
    *, convention: Convention, by: User, terminated_on: date, reason: str
) -> Convention:
    locked = _locked(convention, "terminate", timezone.localdate())
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif de la résiliation.")})
    if locked.signed_on and terminated_on < locked.signed_on:
        raise ValidationError({"terminated_on": _("La résiliation ne peut précéder la signature.")})
    locked.terminated_on = terminated_on
    locked.termination_reason = reason.strip()
    return _save_transition(locked, by, S.TERMINATED)


@transaction.atomic
def convention_redraft(*, convention: Convention, by: User) -> Convention:
    """Back from negotiation to draft: the text is reworked before it is negotiated again."""
    locked = _locked(convention, "redraft", timezone.localdate())
    return _save_transition(locked, by, S.DRAFT)


@transaction.atomic
def convention_abandon(*, convention: Convention, by: User, reason: str) -> Convention:
    """A draft or a negotiation given up for good, with the reason kept."""
    locked = _locked(convention, "abandon", timezone.localdate())
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif de l'abandon.")})
    locked.abandon_reason = reason.strip()
    return _save_transition(locked, by, S.ABANDONED, detail=locked.abandon_reason)


TRANSITION_SERVICES = {
    "negotiate": convention_negotiate,
    "redraft": convention_redraft,
    "sign": convention_sign,
    "activate": convention_activate,
    "expire": convention_expire,
}
