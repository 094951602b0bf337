"""What every partners screen shares: pagination and export formats."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from core.pagination import KeysetPage, keyset_page
from partners import exports
from partners.filters import OrganisationFilter, ProviderFilter
from partners.models import Organisation

PAGE_SIZE = 25
# Entries of the journal shown on an organisation or contact page.
JOURNAL_LIMIT = 20


def page_of(request: HttpRequest, queryset: QuerySet) -> KeysetPage:
    """The page the request points to, in the queryset's own order (keyset, never OFFSET)."""
    return keyset_page(request, queryset, PAGE_SIZE)


def export_format(fmt: str) -> str:
    if fmt not in exports.EXPORT_FORMATS:
        raise Http404
    return fmt


def organisations_filtered(request: HttpRequest, providers: bool = False) -> OrganisationFilter:
    queryset = Organisation.objects.select_related("department", "owner")
    if providers:
        return ProviderFilter(request.GET, queryset=queryset.providers(), request=request)
    return OrganisationFilter(request.GET, queryset=queryset, request=request)


def export_organisations(
    fmt: str, queryset: QuerySet, name: str, *, user: object = None
) -> HttpResponse:
    queryset = queryset.select_related("region").prefetch_related("trades")
    header, rows = exports.organisation_rows(queryset.iterator(chunk_size=exports.CHUNK))
    return exports.export_response(fmt, name, header, rows, user=user)
