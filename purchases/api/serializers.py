"""What the API shows of purchases, and how it writes: through the screen's form."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import FormModelSerializer
from purchases.forms import PurchaseForm
from purchases.models import Purchase

READ_ONLY = ["id", "version", "source", "created_at", "updated_at"]


class PurchaseSerializer(FormModelSerializer):
    """A purchase line; its provider found by SIRET, then SIREN, when not named (as on the
    screen), and its origin the API."""

    # As wide as the screen's field: "732 829 320 00074" is kept as its 14 digits.
    supplier_siret = serializers.CharField(
        max_length=PurchaseForm.base_fields["supplier_siret"].max_length,
        required=False,
        allow_blank=True,
        help_text=_(
            "14 chiffres ; laissé vide, celui du prestataire choisi. Relie l'achat au "
            "prestataire qui porte ce SIRET, sinon ce SIREN."
        ),
    )

    class Meta:
        model = Purchase
        form_class = PurchaseForm
        fields = [*READ_ONLY, *PurchaseForm._meta.fields]
        read_only_fields = READ_ONLY

    def save_new(self, form):
        form.instance.source = Purchase.Source.API
        return super().save_new(form)


class PurchaseYearSerializer(serializers.Serializer):
    """One year of a buyer's purchases (purchases/figures.py, as on its purchasing page)."""

    year = serializers.IntegerField(help_text=_("Année."))
    lines = serializers.IntegerField(help_text=_("Nombre de lignes d'achat."))
    total_ht = serializers.DecimalField(
        source="total", max_digits=None, decimal_places=2, help_text=_("Total HT (€).")
    )
    stpa_ht = serializers.DecimalField(
        source="stpa", max_digits=None, decimal_places=2,
        help_text=_("Acheté au secteur protégé et adapté (ESAT, EA, TIH), HT (€)."),
    )  # fmt: skip
    stpa_share = serializers.DecimalField(
        max_digits=None, decimal_places=1, allow_null=True,
        help_text=_("Part du secteur protégé et adapté dans le total (%)."),
    )  # fmt: skip
    siae_ht = serializers.DecimalField(
        source="siae", max_digits=None, decimal_places=2,
        help_text=_("Acheté aux structures d'insertion (SIAE), HT (€)."),
    )  # fmt: skip
    siae_share = serializers.DecimalField(
        max_digits=None, decimal_places=1, allow_null=True,
        help_text=_("Part des SIAE dans le total (%)."),
    )  # fmt: skip
    other_ht = serializers.DecimalField(
        source="other", max_digits=None, decimal_places=2,
        help_text=_("Acheté à d'autres prestataires ou à des fournisseurs non reliés, HT (€)."),
    )  # fmt: skip
    reserved_stpa_ht = serializers.DecimalField(
        source="reserved_stpa", max_digits=None, decimal_places=2,
        help_text=_("Dont marchés réservés aux ESAT et EA (art. L2113-12), HT (€)."),
    )  # fmt: skip
    reserved_siae_ht = serializers.DecimalField(
        source="reserved_siae", max_digits=None, decimal_places=2,
        help_text=_("Dont marchés réservés aux SIAE (art. L2113-13), HT (€)."),
    )  # fmt: skip
    insertion_hours = serializers.DecimalField(
        source="hours", max_digits=None, decimal_places=2,
        help_text=_("Heures d'insertion des clauses sociales."),
    )  # fmt: skip
    change = serializers.DecimalField(
        max_digits=None, decimal_places=1, allow_null=True,
        help_text=_("Évolution du total sur l'année précédente (%), quand elle a des achats."),
    )  # fmt: skip


class BuyerYearsSerializer(serializers.Serializer):
    """A buyer's purchases, year by year, oldest first."""

    buyer = serializers.IntegerField(source="buyer.pk", help_text=_("L'acheteur."))
    buyer_name = serializers.CharField(source="buyer.name", help_text=_("Son nom."))
    years = PurchaseYearSerializer(many=True, help_text=_("Ses années d'achats."))
