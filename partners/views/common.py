"""What every partners screen shares: pagination and exports (in the request, or as a job)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.pagination import KeysetPage, keyset_page
from partners import datajobs, exports
from partners.filters import OrganisationFilter, ProviderFilter
from partners.models import Organisation

PAGE_SIZE = 25
# Entries of the journal shown on an organisation or contact page.
JOURNAL_LIMIT = 10
# Rows of each other section of a detail page (contacts, relationships, history).
SECTION_LIMIT = 10


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


def export_list(request: HttpRequest, subject: str, fmt: str) -> HttpResponse:
    """The filtered list as a file now when it is short, else a job the user follows.

    `subject` is a registered export kind (partners/export_kinds.py): partners' lists and
    upper apps' (conventions, actions, tasks) alike; the caller checks the list's permission.
    """
    fmt = export_format(fmt)
    queryset = exports.export_queryset(subject, request.GET, request.user)
    if queryset.order_by()[: exports.DIRECT_LIMIT + 1].count() <= exports.DIRECT_LIMIT:
        return exports.export_response(
            fmt, *exports.export_table(subject, queryset), user=request.user
        )
    job = datajobs.export_start(
        by=request.user, subject=subject, fmt=fmt, query=request.GET.urlencode()
    )
    messages.info(
        request,
        _("La liste est longue : son export est préparé ; vous pouvez quitter cette page."),
    )
    return redirect(job)
