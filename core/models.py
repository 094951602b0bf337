"""Cross-cutting pieces: the user and the timestamp base every model shares."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class HttpsURLField(models.URLField):
    """A URL field whose form assumes https:// when the scheme is left out."""

    def formfield(self, **kwargs: object) -> object:
        return super().formfield(**{"assume_scheme": "https", **kwargs})


# Timestamps change on every save: a history row for them alone would be noise.
HISTORY_EXCLUDED = ["created_at", "updated_at"]


class TimeStampedModel(models.Model):
    """Creation and last-change times, set by the database layer."""

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class User(AbstractUser):
    """A Maillage user: staff of a network, a buyer or a support structure."""

    # Jobs write history as this user, so every change has a named author.
    SYSTEM_USERNAME = "maillage-systeme"

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rices")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @classmethod
    def system(cls) -> "User":
        """The named author of changes made by jobs and commands."""
        user, _created = cls.objects.get_or_create(
            username=cls.SYSTEM_USERNAME,
            defaults={"first_name": "Maillage", "last_name": "(automatique)", "is_active": False},
        )
        return user
