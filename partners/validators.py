"""French identifier checks with French messages (python-stdnum's are English)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.fr import siren, siret


def compact_identifier(value: str) -> str:
    """Drop the spaces, dots and dashes people type inside SIRET and SIREN numbers."""
    return "".join(ch for ch in (value or "") if ch not in " .-\u00a0\u202f")


def _check(module, value: str, label: str, length: int) -> None:
    number = compact_identifier(value)
    try:
        module.validate(number)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _("Un %(label)s compte %(length)s chiffres ; %(count)s saisis."),
            code="invalid_length",
            params={"label": label, "length": length, "count": len(number)},
        ) from None
    except stdnum_errors.InvalidFormat:
        raise ValidationError(
            _("Un %(label)s ne contient que des chiffres."),
            code="invalid_format",
            params={"label": label},
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("Ce %(label)s n'existe pas : sa clé de contrôle est fausse (faute de frappe ?)."),
            code="invalid_checksum",
            params={"label": label},
        ) from None


def validate_siret(value: str) -> None:
    """A valid 14-digit SIRET, La Poste's establishments included."""
    if value:
        _check(siret, value, "SIRET", 14)


def validate_siren(value: str) -> None:
    """A valid 9-digit SIREN."""
    if value:
        _check(siren, value, "SIREN", 9)


def format_siret(value: str) -> str:
    """'73282932000074' -> '732 829 320 00074', as INSEE prints it."""
    return siret.format(value) if value else ""
