"""The partners resources: the screens' querysets, FilterSets and services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core import versioning
from core.api.filters import with_search
from core.api.serializers import as_form_data, form_errors
from core.api.views import (
    IF_MATCH,
    STALE,
    WRITE_ERRORS,
    DeletableViewSet,
    ResourceViewSet,
    WritableViewSet,
    created_with_etag,
    etag,
    given_version,
    stale_response,
    versioned_schema,
)
from partners import services
from partners.api.serializers import (
    AffiliationSerializer,
    ContactSerializer,
    InteractionSerializer,
    OrganisationSerializer,
    RelationshipEndSerializer,
    RelationshipSerializer,
)
from partners.filters import ContactFilter, OrganisationFilter
from partners.forms import RelationshipEndForm
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
    filterset_class = with_search(OrganisationFilter)

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
    filterset_class = with_search(ContactFilter)


@extend_schema_view(
    create=extend_schema(responses={201: AffiliationSerializer, **WRITE_ERRORS}),
    update=versioned_schema(AffiliationSerializer),
    partial_update=versioned_schema(AffiliationSerializer),
)
class AffiliationViewSet(WritableViewSet):
    """La fonction d'un contact dans une organisation, avec ses dates ; créée sous le contact
    (`contact`), qui ne change plus ensuite."""

    queryset = Affiliation.objects.all()
    serializer_class = AffiliationSerializer
    keyset_ordering = ["pk"]
    filterset_fields = ["contact", "organisation"]


@extend_schema_view(create=extend_schema(responses={201: RelationshipSerializer, **WRITE_ERRORS}))
class RelationshipViewSet(mixins.CreateModelMixin, ResourceViewSet):
    """Les liens entre deux organisations (membre de, finance…) : créés depuis l'organisation
    `source`, puis terminés (`end/`), comme sur les écrans."""

    queryset = Relationship.objects.all()
    serializer_class = RelationshipSerializer
    keyset_ordering = ["pk"]
    filterset_fields = ["source", "target", "kind"]
    http_method_names = ["get", "post", "head", "options"]
    permissions_by_action = {"end": ("partners.change_relationship",)}

    @transaction.atomic
    def create(self, request, *args, **kwargs):
        return created_with_etag(super().create(request, *args, **kwargs))

    @extend_schema(
        request=RelationshipEndSerializer,
        parameters=[IF_MATCH],
        responses={200: RelationshipSerializer, **WRITE_ERRORS, 412: STALE},
        examples=[OpenApiExample("Fin", value={"ends_on": "2026-06-30"}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """Terminer la relation à une date ; avec la version lue (If-Match ou `version`), refusé
        (412) si quelqu'un l'a modifiée depuis."""
        relationship = self.get_object()
        expected = given_version(request)
        data = request.data if isinstance(request.data, dict) else {}
        form = RelationshipEndForm(
            as_form_data({"ends_on": data.get("ends_on"), "version": relationship.version}),
            instance=relationship,
        )
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        try:
            ended = services.relationship_end(
                relationship=relationship, ends_on=form.cleaned_data["ends_on"], by=request.user,
                expected_version=expected,
            )  # fmt: skip
        except versioning.ConflictError:
            relationship.refresh_from_db()
            return stale_response(relationship)
        except ValidationError as error:
            raise serializers.ValidationError({"ends_on": error.messages}) from None
        return Response(self.get_serializer(ended).data, headers=etag(ended))


@extend_schema_view(
    create=extend_schema(responses={201: InteractionSerializer, **WRITE_ERRORS}),
    update=versioned_schema(InteractionSerializer),
    partial_update=versioned_schema(InteractionSerializer),
)
class InteractionViewSet(DeletableViewSet):
    """Le journal de la relation : réunions, appels, courriels, événements. Une entrée se
    corrige ou se supprime ; sa tâche de suivi ne se crée qu'avec elle."""

    queryset = Interaction.objects.prefetch_related("organisations", "contacts")
    serializer_class = InteractionSerializer
    keyset_ordering = ["-occurred_on", "-pk"]
    filterset_fields = ["kind", "organisations", "contacts"]
    delete_reason = _("Entrée du journal supprimée")
