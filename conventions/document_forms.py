"""Forms of the document pages: signed scans and report batches."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from conventions.models import Convention, Document, Programme
from core.autocomplete import AutocompleteField
from core.forms import AccessibleFormMixin


class SignedScanForm(AccessibleFormMixin, forms.Form):
    """The signed scan of a convention, and which generated version it is."""

    file = forms.FileField(
        label=_("Scan signé (PDF)"),
        help_text=_("PDF uniquement, 20 Mo au plus. Le nom du fichier est choisi par Maillage."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    signed_version = forms.ModelChoiceField(
        label=_("Version signée"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("Aucune : convention signée hors Maillage"),
        help_text=_("Cette version sera figée."),
    )

    def __init__(self, *args: object, convention: Convention, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["signed_version"]
        field.queryset = convention.documents.filter(
            kind=Document.Kind.CONVENTION, is_frozen=False
        ).order_by("-version")
        field.label_from_instance = lambda document: (
            _("Version %(version)s du %(date)s")
            % {
                "version": document.version,
                "date": f"{document.created_at:%d/%m/%Y}",
            }
        )


class ReportBatchForm(AccessibleFormMixin, forms.Form):
    """Which conventions' committee reports go into one ZIP."""

    programme = AutocompleteField(
        "programmes",
        label=_("Programme"),
        queryset=Programme.objects.order_by("name"),
        required=False,
        help_text=_("Vide : tous les programmes."),
    )
    statuses = forms.MultipleChoiceField(
        label=_("Statuts"),
        choices=Convention.Status.choices,
        initial=[Convention.Status.ACTIVE],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Par défaut : les conventions en cours."),
        required=False,
    )
    conventions = forms.ModelMultipleChoiceField(
        label=_("Conventions"),
        queryset=Convention.objects.all(),
        required=False,
        widget=forms.MultipleHiddenInput,
    )
