"""The purchases resource: the screens' form, list filters and permissions; a buyer's years."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.filters import FormFilterBackend
from core.api.serializers import form_errors
from core.api.views import WRITE_ERRORS, DeletableViewSet, versioned_schema
from partners.models import Organisation
from purchases import figures
from purchases.api.serializers import BuyerYearsSerializer, PurchaseSerializer
from purchases.forms import BuyerYearsForm, PurchaseFilterForm
from purchases.models import Purchase
from purchases.views import filter_purchases

PURCHASE_EXAMPLE = OpenApiExample(
    "Blanchisserie",
    value={
        "buyer": 1,
        "supplier_siret": "73282932000074",
        "supplier_name": "ESAT Les Ateliers du Rhône",
        "date": "2026-03-15",
        "amount_ht": "12500.00",
        "labour_cost": "7800.00",
        "contract_reference": "MAPA-2026-014",
        "contract_kind": "service",
        "reserved_market": "L2113-12",
        "insertion_hours": "0",
    },
    request_only=True,
)


@extend_schema_view(
    create=extend_schema(
        examples=[PURCHASE_EXAMPLE], responses={201: PurchaseSerializer, **WRITE_ERRORS}
    ),
    update=versioned_schema(PurchaseSerializer),
    partial_update=versioned_schema(PurchaseSerializer),
)
class PurchaseViewSet(DeletableViewSet):
    """Les achats des acheteurs au secteur protégé, adapté et de l'insertion : une facture, une
    commande ou le total d'une année. Le prestataire est retrouvé par le SIRET, puis le SIREN ;
    une ligne se corrige ou se supprime, l'historique la garde."""

    queryset = Purchase.objects.all()
    serializer_class = PurchaseSerializer
    filter_backends = [FormFilterBackend]
    filter_form_class = PurchaseFilterForm
    delete_reason = _("Achat supprimé")

    def filter_list(self, queryset, data, user):
        return filter_purchases(queryset, data)

    @extend_schema(
        filters=False,
        parameters=[
            OpenApiParameter(
                "buyer", OpenApiTypes.INT, OpenApiParameter.QUERY, required=True,
                description=str(BuyerYearsForm.base_fields["buyer"].help_text),
            )
        ],
        responses={
            200: BuyerYearsSerializer,
            400: OpenApiResponse(description="Acheteur absent ou invalide : le message."),
            404: OpenApiResponse(description="Aucune organisation n'a cet identifiant."),
        },
    )  # fmt: skip
    @action(detail=False, methods=["get"], url_path="by-year")
    def by_year(self, request):
        """Les achats d'un acheteur année par année : total HT, parts du secteur protégé et
        adapté (STPA) et des SIAE, marchés réservés, heures d'insertion, évolution ; comme sa
        page achats."""
        form = BuyerYearsForm(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(form_errors(form))
        buyer = get_object_or_404(Organisation, pk=form.cleaned_data["buyer"])
        years = figures.years_of(Purchase.objects.filter(buyer=buyer))
        return Response(BuyerYearsSerializer({"buyer": buyer, "years": years}).data)
