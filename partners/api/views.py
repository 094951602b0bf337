"""The partners resources: the screens' querysets, FilterSets and services."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.views import WRITE_ERRORS, ResourceViewSet, WritableViewSet, versioned_schema
from partners import services
from partners.api.serializers import (
    AffiliationSerializer,
    ContactSerializer,
    InteractionSerializer,
    OrganisationSerializer,
    RelationshipSerializer,
)
from partners.filters import ContactFilter, OrganisationFilter
from partners.models import Affiliation, Contact, Interaction, Organisation, Relationship

ORGANISATION_EXAMPLE = OpenApiExample(
    "ESAT",
    value={
        "name": "ESAT Les Ateliers du Rhône",
        "acronym": "ALR",
        "kind": "esat",
        "status": "active",
        "siret": "73282932000074",
        "city": "Lyon",
        "postal_code": "69007",
        "website": "https://ateliers-rhone.example.fr",
        "trades": [],
    },
    request_only=True,
)


@extend_schema_view(
    create=extend_schema(
        examples=[ORGANISATION_EXAMPLE], responses={201: OrganisationSerializer, **WRITE_ERRORS}
    ),
    update=versioned_schema(OrganisationSerializer),
    partial_update=versioned_schema(OrganisationSerializer),
)
class OrganisationViewSet(WritableViewSet):
    """Organisations : réseaux, acheteurs, financeurs, structures. Les archivées sortent de
    la liste, sauf avec `status=archived`."""

    queryset = Organisation.objects.select_related("department", "owner").prefetch_related("trades")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter

    @extend_schema(request=None, responses={200: OrganisationSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archiver (jamais supprimer) : liens, conventions et historique restent."""
        organisation = services.organisation_archive(
            organisation=self.get_object(), by=request.user
        )
        return Response(self.get_serializer(organisation).data)

    @extend_schema(request=None, responses={200: OrganisationSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def unarchive(self, request, pk=None):
        """Réactiver une organisation archivée."""
        organisation = services.organisation_unarchive(
            organisation=self.get_object(), by=request.user
        )
        return Response(self.get_serializer(organisation).data)

    permissions_by_action = {
        "archive": ("partners.change_organisation",),
        "unarchive": ("partners.change_organisation",),
    }


@extend_schema_view(
    create=extend_schema(responses={201: ContactSerializer, **WRITE_ERRORS}),
    update=versioned_schema(ContactSerializer),
    partial_update=versioned_schema(ContactSerializer),
)
class ContactViewSet(WritableViewSet):
    """Les personnes ; leurs fonctions dans les organisations sont leurs rattachements."""

    queryset = Contact.objects.select_related("owner")
    serializer_class = ContactSerializer
    filterset_class = ContactFilter


class AffiliationViewSet(ResourceViewSet):
    """La fonction d'un contact dans une organisation, avec ses dates."""

    queryset = Affiliation.objects.all()
    serializer_class = AffiliationSerializer
    keyset_ordering = ["pk"]
    filterset_fields = ["contact", "organisation"]


class RelationshipViewSet(ResourceViewSet):
    """Les liens entre deux organisations (membre de, finance…)."""

    queryset = Relationship.objects.all()
    serializer_class = RelationshipSerializer
    keyset_ordering = ["pk"]
    filterset_fields = ["source", "target", "kind"]


class InteractionViewSet(ResourceViewSet):
    """Le journal de la relation : réunions, appels, courriels, événements."""

    queryset = Interaction.objects.prefetch_related("organisations", "contacts")
    serializer_class = InteractionSerializer
    keyset_ordering = ["-occurred_on", "-pk"]
    filterset_fields = ["kind", "organisations", "contacts"]
