"""Once signed, a convention's parties, axes and articles change only by amendment."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from conventions.models.conventions import Convention

LOCKED_MESSAGE = _(
    "La convention est signée : ses parties, ses axes et ses articles ne changent plus. "
    "Pour les modifier, créez un avenant."
)


class SignedTextQuerySet(models.QuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        # Refused before Django's delete opens its transaction: a refusal raised from inside
        # (`pre_delete`) would leave the caller's transaction broken.
        locked = Convention.objects.filter(pk__in=self.values("convention_id")).exclude(
            status__in=Convention.OPEN_TEXT_STATUSES
        )
        if locked.exists():
            raise ValidationError(LOCKED_MESSAGE, code="locked")
        return super().delete()


class SignedTextLock:
    """For a part of a convention's text: refused, in French, in `clean()` (forms and the
    admin), `save()` and `delete()` (queryset deletes too; `pre_delete` for cascades) once
    the convention it belongs to, or is moved from, is signed. The status is read from the
    database: an instance loaded before the signature does not slip through."""

    def _convention_ids(self) -> set[int]:
        ids = {self.convention_id} if self.convention_id else set()
        if self.pk is not None and not self._state.adding:
            ids |= set(
                type(self).objects.filter(pk=self.pk).values_list("convention_id", flat=True)
            )
        return ids

    def text_is_locked(self) -> bool:
        ids = self._convention_ids()
        return bool(ids) and (
            Convention.objects.filter(pk__in=ids)
            .exclude(status__in=Convention.OPEN_TEXT_STATUSES)
            .exists()
        )

    def refuse_if_locked(self) -> None:
        if self.text_is_locked():
            raise ValidationError(LOCKED_MESSAGE, code="locked")

    def clean(self) -> None:
        super().clean()
        self.refuse_if_locked()

    def save(self, *args: object, **kwargs: object) -> None:
        # A merge of two organisations or contacts repoints a party at the kept record
        # (core/merge.py): the same signatory, the same text, nothing of the signed text moves.
        if not getattr(self, "_merge_move", False):
            self.refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        self.refuse_if_locked()
        return super().delete(*args, **kwargs)


def refuse_locked_delete(sender: type, instance: SignedTextLock, **kwargs: object) -> None:
    """`pre_delete` of parties, axes and articles: a signed text keeps every part."""
    instance.refuse_if_locked()
