"""The provider directory: source by trade and territory, export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partners.views.common import export_list, organisations_filtered, page_of


@login_required
@permission_required("partners.view_organisation", raise_exception=True)
def provider_list(request: HttpRequest) -> HttpResponse:
    filterset = organisations_filtered(request, providers=True)
    context = {"filter": filterset, "page_obj": page_of(request, filterset.qs)}
    if request.htmx:
        return render(request, "partners/_provider_results.html", context)
    return render(request, "partners/provider_list.html", context)


@login_required
@permission_required("partners.view_organisation", raise_exception=True)
def provider_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return export_list(request, "providers", fmt)
