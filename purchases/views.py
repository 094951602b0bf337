"""Purchase screens: the list, a line's form and deletion, a buyer's import and purchasing page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.autocomplete import filter_by
from core.charts import bar_chart
from core.pagination import keyset_page
from core.text import parse_id
from partners import datajobs, exports
from partners.models import Organisation
from purchases import figures as buyer_figures
from purchases import sales
from purchases.forms import PurchaseFilterForm, PurchaseForm, PurchaseImportForm
from purchases.importer import COLUMNS, KIND
from purchases.models import Purchase

PAGE_SIZE = 30

view_required = permission_required("purchases.view_purchase", raise_exception=True)


def filter_purchases(queryset: QuerySet, data: dict) -> QuerySet:
    if data.get("buyer"):
        queryset = filter_by("organisations", queryset, "buyer", data["buyer"])
    if data.get("supplier"):
        queryset = filter_by("organisations", queryset, "supplier", data["supplier"])
    if data.get("siret"):
        queryset = queryset.filter(supplier_siret=data["siret"])
    if data.get("year"):
        queryset = queryset.filter(year=data["year"])
    if data.get("sector"):
        queryset = queryset.in_sector(data["sector"])
    if data.get("reserved_market"):
        queryset = queryset.filter(reserved_market=data["reserved_market"])
    if trade := parse_id(data.get("trade")):
        queryset = queryset.filter(trade=trade)
    return queryset


@login_required
@view_required
def purchase_list(request: HttpRequest) -> HttpResponse:
    form = PurchaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = Purchase.objects.select_related("buyer", "supplier", "trade")
    page = keyset_page(request, filter_purchases(queryset, data), PAGE_SIZE)
    context = {"form": form, "page_obj": page}
    if request.htmx:
        return render(request, "purchases/_purchase_results.html", context)
    return render(request, "purchases/purchase_list.html", context)


@login_required
@permission_required("purchases.add_purchase", raise_exception=True)
def purchase_create(request: HttpRequest) -> HttpResponse:
    initial = {"buyer": parse_id(request.GET.get("acheteur"))}
    form = PurchaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        purchase = form.save()
        messages.success(request, _("L'achat est enregistré."))
        return redirect("purchases:buyer_purchases", pk=purchase.buyer_id)
    return render(request, "purchases/purchase_form.html", {"form": form})


@login_required
@permission_required("purchases.change_purchase", raise_exception=True)
def purchase_update(request: HttpRequest, pk: int) -> HttpResponse:
    purchase = get_object_or_404(Purchase, pk=pk)
    form = PurchaseForm(request.POST or None, instance=purchase)
    if request.method == "POST" and form.is_valid() and form.save_versioned(by=request.user):
        messages.success(request, _("Les modifications ont été enregistrées."))
        return redirect("purchases:buyer_purchases", pk=purchase.buyer_id)
    return render(request, "purchases/purchase_form.html", {"form": form, "purchase": purchase})


@login_required
@permission_required("purchases.delete_purchase", raise_exception=True)
def purchase_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET), then delete (POST); the history keeps the line and who deleted it."""
    purchase = get_object_or_404(Purchase.objects.select_related("supplier"), pk=pk)
    back = reverse("purchases:buyer_purchases", args=[purchase.buyer_id])
    if request.method == "POST":
        purchase._history_user = request.user
        purchase._change_reason = _("Achat supprimé")
        purchase.delete()
        messages.success(request, _("L'achat est supprimé."))
        return redirect(back)
    context = {"object": purchase, "noun": _("l'achat"), "cancel_url": back}
    return render(request, "core/confirm_delete.html", context)


@login_required
@permission_required("purchases.add_purchase", raise_exception=True)
def purchase_import(request: HttpRequest) -> HttpResponse:
    """A buyer's extract, checked by partners' import job; nothing is written until confirmed."""
    initial = {"buyer": parse_id(request.GET.get("acheteur"))}
    form = PurchaseImportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        buyer = form.cleaned_data["buyer"]
        job = datajobs.import_start(
            by=request.user, kind=KIND, upload=form.cleaned_data["file"],
            options={"buyer": buyer.pk} if buyer else {},
        )  # fmt: skip
        return redirect(job)
    return render(request, "purchases/purchase_import.html", {"form": form, "columns": COLUMNS})


def _year(request: HttpRequest) -> int | None:
    return parse_id(request.GET.get("annee"))


@login_required
@view_required
def buyer_purchases(request: HttpRequest, pk: int) -> HttpResponse:
    """What a buyer bought from the sector, year by year, and one year in detail."""
    buyer = get_object_or_404(Organisation, pk=pk)
    found = buyer_figures.buyer_figures(buyer, _year(request))
    charts = {}
    if found.years:
        charts["years"] = bar_chart(
            _("Volume d'achats HT par année"),
            [(str(y.year), y.total, buyer_figures.amount_text(y.total)) for y in found.years],
        )
        charts["trades"] = bar_chart(
            _("Achats HT de %(year)s par métier") % {"year": found.selected.year},
            [(p.label, p.amount, buyer_figures.amount_text(p.amount)) for p in found.trades],
        )
    context = {"buyer": buyer, "figures": found, "charts": charts}
    return render(request, "purchases/buyer_purchases.html", context)


@login_required
@view_required
def buyer_purchases_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The page's figures as a CSV a spreadsheet pivots: every year, one value per line."""
    buyer = get_object_or_404(Organisation, pk=pk)
    found = buyer_figures.buyer_figures(buyer, _year(request))
    header, rows = buyer_figures.export_rows(found, buyer_figures.trades_by_year(buyer))
    name = f"achats-{buyer.pk}"
    return exports.export_response("csv", name, header, rows, user=request.user)


def _sales_page(request: HttpRequest, found: sales.SalesFigures, network: bool) -> HttpResponse:
    charts = {}
    if found.years:
        charts["years"] = bar_chart(
            _("Ventes HT par année"),
            [(str(y.year), y.total, buyer_figures.amount_text(y.total)) for y in found.years],
        )
    context = {"subject": found.subject, "figures": found, "charts": charts, "network": network}
    return render(request, "purchases/sales.html", context)


@login_required
@view_required
def provider_sales(request: HttpRequest, pk: int) -> HttpResponse:
    """What a provider sold, year by year, and to which buyers."""
    provider = get_object_or_404(Organisation, pk=pk)
    return _sales_page(request, sales.provider_figures(provider, _year(request)), network=False)


@login_required
@view_required
def network_sales(request: HttpRequest, pk: int) -> HttpResponse:
    """What a network's member providers sold, year by year, by member and buyer."""
    network = get_object_or_404(Organisation, pk=pk)
    return _sales_page(request, sales.network_figures(network, _year(request)), network=True)
