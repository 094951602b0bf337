"""Purchase screens: the list, a line's form and deletion, a buyer's import and purchasing page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
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
from purchases import oeth, sales
from purchases.attestation import attestation_pdf, attestations_from_purchases
from purchases.forms import OethForm, PurchaseFilterForm, PurchaseForm, PurchaseImportForm
from purchases.importer import COLUMNS, KIND
from purchases.models import Purchase

PAGE_SIZE = 30
# Purchases the OETH page lists among those the estimate leaves out (all are counted).
EXCLUDED_SHOWN = 20

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
    if data.get("contract_kind"):
        queryset = queryset.filter(contract_kind=data["contract_kind"])
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
    if request.method == "POST" and form.is_valid() and form.save_edit(by=request.user):
        messages.success(request, _("L'achat est enregistré."))
        return redirect("purchases:buyer_purchases", pk=form.instance.buyer_id)
    return render(request, "purchases/purchase_form.html", {"form": form})


@login_required
@permission_required("purchases.change_purchase", raise_exception=True)
def purchase_update(request: HttpRequest, pk: int) -> HttpResponse:
    purchase = get_object_or_404(Purchase, pk=pk)
    form = PurchaseForm(request.POST or None, instance=purchase)
    if request.method == "POST" and form.is_valid() and form.save_edit(by=request.user):
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


@login_required
@view_required
def provider_sales_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The provider's page as a CSV: every year's sales, the chosen year's buyers."""
    provider = get_object_or_404(Organisation, pk=pk)
    header, rows = sales.sales_export_rows(sales.provider_figures(provider, _year(request)))
    return exports.export_response("csv", f"ventes-{pk}", header, rows, user=request.user)


@login_required
@view_required
def network_sales_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The network's page as a CSV: every year's sales, the chosen year's members and buyers."""
    network = get_object_or_404(Organisation, pk=pk)
    header, rows = sales.sales_export_rows(sales.network_figures(network, _year(request)))
    return exports.export_response("csv", f"ventes-reseau-{pk}", header, rows, user=request.user)


@login_required
@view_required
def buyer_oeth(request: HttpRequest, pk: int) -> HttpResponse:
    """A buyer's estimated OETH deduction for one year, capped when its figures are given."""
    buyer = get_object_or_404(Organisation, pk=pk)
    years = list(
        Purchase.objects.filter(buyer=buyer).order_by("-year").values_list("year", flat=True)
        .distinct()
    )  # fmt: skip
    year = _year(request) if _year(request) in years else (years[0] if years else None)
    form = OethForm(request.GET or None)
    estimate = None
    if year is not None and (form.is_valid() or not form.is_bound):
        rows = Purchase.objects.filter(buyer=buyer, year=year).select_related("supplier")
        figures = form.figures() if form.is_bound else {}
        try:
            estimate = oeth.estimate(oeth.lines_from_purchases(rows), **figures)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field, messages)
    context = {
        "buyer": buyer, "years": years, "year": year, "form": form, "estimate": estimate,
        "providers": _with_attestations(estimate, buyer, year),
        "excluded": _excluded(estimate),
    }  # fmt: skip
    return render(request, "purchases/buyer_oeth.html", context)


def _with_attestations(
    estimate: oeth.OethEstimate | None, buyer: Organisation, year: int | None
) -> list[tuple[oeth.ProviderDeduction, str]]:
    """Each provider of the estimate, with its attestation's address when it is linked."""
    rows = []
    for provider in estimate.providers if estimate else ():
        kind, pk = provider.key if isinstance(provider.key, tuple) else ("", None)
        url = (
            reverse("purchases:attestation_download", args=[pk, buyer.pk, year])
            if kind == "organisation"
            else ""
        )
        rows.append((provider, url))
    return rows


def _excluded(estimate: oeth.OethEstimate | None) -> dict:
    """The purchases left out, counted and summed by reason, and the first of them."""
    reasons: dict[str, list] = {}
    for line, why in estimate.excluded if estimate else ():
        count, amount = reasons.get(why, (0, 0))
        reasons[why] = (count + 1, amount + line.amount_ht)
    shown = list(estimate.excluded[:EXCLUDED_SHOWN]) if estimate else []
    return {"reasons": reasons, "lines": shown, "more": len(estimate.excluded) > len(shown)
            if estimate else False}  # fmt: skip


@login_required
@view_required
def attestation_download(request: HttpRequest, pk: int, buyer_pk: int, year: int) -> HttpResponse:
    """The provider's OETH attestation for a buyer and a year (one A4 page, in the request)."""
    rows = Purchase.objects.filter(supplier=pk, buyer=buyer_pk, year=year).select_related(
        "buyer", "supplier"
    )
    found = attestations_from_purchases(rows, year=year)
    if not found:
        raise Http404
    response = HttpResponse(attestation_pdf(found[0]), content_type="application/pdf")
    return exports.never_cached(response, found[0].filename)
