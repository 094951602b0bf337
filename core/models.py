"""Cross-cutting pieces: the user, the timestamp base every model shares, the versioned base."""

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class HttpsURLField(models.URLField):
    """A URL field whose form assumes https:// when the scheme is left out."""

    def formfield(self, **kwargs: object) -> object:
        return super().formfield(**{"assume_scheme": "https", **kwargs})


# What one text of a convention holds (an article, a preamble, a journal entry): about eight
# pages. Bounded so a page, a PDF or a history row never has to carry a book.
LONG_TEXT_MAX = 20_000


class LongTextField(models.TextField):
    """A long text, at most LONG_TEXT_MAX characters: in forms, in full_clean, in the database."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_length", LONG_TEXT_MAX)
        super().__init__(*args, **kwargs)
        self.validators.append(self.length_validator())

    def length_validator(self) -> MaxLengthValidator:
        return MaxLengthValidator(
            self.max_length,
            message=_(
                "Ce texte compte %(show_value)s caractères ; %(limit_value)s au plus. "
                "Découpez-le (plusieurs articles) ou joignez-le en document."
            ),
        )

    def formfield(self, **kwargs: object) -> object:
        # The form says it in the model's words (and the textarea keeps its maxlength).
        field = super().formfield(**kwargs)
        field.validators = [
            v for v in field.validators if not isinstance(v, MaxLengthValidator)
        ] + [self.length_validator()]
        return field


def long_text_constraints(model: str, *fields: str) -> list[models.CheckConstraint]:
    """The same bound in the database, for each long text of `model` (one named check each)."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(name), LONG_TEXT_MAX),
            name=f"{model}_{name}_bounded",
            violation_error_message=_("Ce texte dépasse %(limit)s caractères.")
            % {"limit": LONG_TEXT_MAX},
        )
        for name in fields
    ]


# Timestamps change on every save: a history row for them alone would be noise.
HISTORY_EXCLUDED = ["created_at", "updated_at"]


class TimeStampedModel(models.Model):
    """Creation and last-change times, set by the database layer."""

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A row users edit: every save through core.versioning raises `version`, and a save over
    a newer version than the one the user started from is refused, not lost."""

    version = models.PositiveIntegerField(default=1, editable=False)

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


class ApiToken(models.Model):
    """A personal API token: only its SHA-256 is stored, with an expiry and its last use.

    The secret is shown once, when created; the first characters (`prefix`, not secret
    enough to be used alone) find the row, the digest proves the rest. Revoking deletes it.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("titulaire")
    )
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(_("début du jeton"), max_length=12, unique=True)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ExportLog(models.Model):
    """Who exported what, when, and how many rows: the personal data that left the application."""

    user = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="exports",
        verbose_name=_("utilisateur·rice"),
    )
    what = models.CharField(_("export"), max_length=200)
    count = models.PositiveIntegerField(_("lignes"), default=0)
    created_at = models.DateTimeField(_("exporté le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("journal des exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.what} ({self.count})"
