"""Model fields for French identifiers: stored compact, checked on full_clean()."""

from django.db import models

from partners.validators import compact_identifier


class CompactIdentifierField(models.CharField):
    """A CharField that removes the separators people type ("732 829 320 00074")."""

    def to_python(self, value: object) -> str:
        return compact_identifier(super().to_python(value) or "")
