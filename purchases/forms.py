"""Forms of the purchase screens: a purchase line, the list's filters, a buyer's import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteField, autocomplete_field, filter_field
from core.formats import plain_decimal
from core.forms import AccessibleFormMixin, DateInput, VersionedFormMixin
from partners import choices
from partners.forms import ImportForm
from partners.models import Organisation
from partners.validators import compact_identifier
from purchases.models import Purchase, Sector
from purchases.suppliers import supplier_for

# The largest primary key (a bigint).
MAX_ID = 2**63 - 1


class AmountField(forms.DecimalField):
    """A decimal typed as French people type it: '1 234,56', '1 234,56 €', '1234.56'."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs["localize"] = True
        super().__init__(*args, **kwargs)
        self.widget.attrs["inputmode"] = "decimal"

    def to_python(self, value: object) -> object:
        if isinstance(value, str):
            value = plain_decimal(value)
        return super().to_python(value)


class PurchaseForm(VersionedFormMixin, AccessibleFormMixin, forms.ModelForm):
    # Wider than 14 characters: people type "732 829 320 00074"; the model keeps digits only.
    supplier_siret = forms.CharField(
        label=_("SIRET du fournisseur"),
        max_length=20,
        required=False,
        help_text=_("14 chiffres ; laissé vide, celui du prestataire choisi."),
    )

    class Meta:
        model = Purchase
        fields = [
            "buyer", "supplier_siret", "supplier", "supplier_name", "date", "year", "amount_ht",
            "labour_cost", "trade", "contract_reference", "contract_kind", "reserved_market",
            "insertion_hours",
        ]  # fmt: skip
        widgets = {"date": DateInput()}
        field_classes = {
            "buyer": autocomplete_field("organisations"),
            "supplier": autocomplete_field("organisations"),
            **{name: AmountField for name in ("amount_ht", "labour_cost", "insertion_hours")},
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # An organisation archived since keeps its place in the line being edited.
        for name in ("buyer", "supplier"):
            self.fields[name].queryset = Organisation.objects.all()

    def clean_supplier_siret(self) -> str:
        return compact_identifier(self.cleaned_data["supplier_siret"])

    def clean(self) -> dict:
        """The SIRET from the chosen provider, or the provider from the SIRET (then SIREN)."""
        data = super().clean()
        siret, supplier = data.get("supplier_siret"), data.get("supplier")
        if not siret and supplier is not None:
            siret = data["supplier_siret"] = supplier.siret
        if not siret and "supplier_siret" not in self.errors:
            self.add_error(
                "supplier_siret",
                _("Indiquez le SIRET du fournisseur (le prestataire choisi n'en a pas)."),
            )
        elif siret and supplier is None and "supplier" not in self.errors:
            data["supplier"] = supplier_for(siret)
        return data


class PurchaseFilterForm(AccessibleFormMixin, forms.Form):
    buyer = filter_field("organisations", _("Acheteur"), help_text=_("Nom ou SIRET."))
    supplier = filter_field("organisations", _("Prestataire"), help_text=_("Nom ou SIRET."))
    siret = forms.CharField(label=_("SIRET du fournisseur"), required=False, max_length=20)
    year = forms.IntegerField(label=_("Année"), required=False, min_value=1950, max_value=2074)
    sector = forms.ChoiceField(
        label=_("Secteur du prestataire"),
        choices=[("", _("Tous"))] + list(Sector.choices),
        required=False,
    )
    reserved_market = forms.ChoiceField(
        label=_("Marché"),
        choices=[("", _("Tous"))] + list(Purchase.ReservedMarket.choices),
        required=False,
    )
    contract_kind = forms.ChoiceField(
        label=_("Nature du contrat"),
        choices=[("", _("Toutes"))] + list(Purchase.ContractKind.choices),
        required=False,
    )
    trade = forms.ChoiceField(label=_("Métier"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # The trades from the cache (partners/choices.py), not a query per list.
        self.fields["trade"].choices = [("", _("Tous"))] + choices.trade_choices()

    def clean_siret(self) -> str:
        return compact_identifier(self.cleaned_data["siret"])


class BuyerYearsForm(forms.Form):
    """Whose yearly figures the API reads (`/api/v1/purchases/by-year/?buyer=`)."""

    buyer = forms.IntegerField(
        label=_("Acheteur"),
        min_value=1,
        max_value=MAX_ID,
        help_text=_("L'identifiant de l'organisation acheteuse."),
    )


class PurchaseImportForm(ImportForm):
    """partners' upload form, for purchase extracts, with the buyer of every line."""

    buyer = AutocompleteField(
        "organisations",
        queryset=Organisation.objects.active(),
        label=_("Acheteur"),
        required=False,
        help_text=_(
            "L'acheteur de toutes les lignes du fichier. Laissé vide, chaque ligne indique "
            "le sien dans la colonne siret_acheteur."
        ),
    )

    field_order = ["buyer", "file"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, kinds=[], **kwargs)
        # One kind here: purchases.
        self.fields.pop("kind")


class OethForm(AccessibleFormMixin, forms.Form):
    """The two figures the OETH cap needs; both or neither (`purchases.oeth`)."""

    gross_contribution = forms.CharField(
        label=_("Contribution brute (€)"),
        required=False,
        max_length=20,
        help_text=_("Avant déductions, telle que la DSN la calcule ; par exemple 12 500,00."),
    )
    direct_rate = forms.CharField(
        label=_("Taux d'emploi direct (%)"),
        required=False,
        max_length=10,
        help_text=_("La part de bénéficiaires de l'obligation dans l'effectif ; par exemple 2,5."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["inputmode"] = "decimal"

    def figures(self) -> dict[str, str]:
        """The figures as typed (spaces and € dropped), for `oeth.estimate()`."""
        return {name: plain_decimal(self.cleaned_data.get(name, "")) for name in self.fields}
