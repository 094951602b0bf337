"""GDPR screens of a contact: access export, erasure, and the unsubscribe link of a mail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from core.privacy import log_export
from partners import privacy
from partners.models import Contact

FORMATS = {
    "json": (privacy.contact_export_json, "application/json"),
    "csv": (privacy.contact_export_csv, "text/csv; charset=utf-8"),
}


@login_required
@permission_required("partners.export_personal_data", raise_exception=True)
def contact_data_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Everything the application holds about the contact, history included (GDPR access)."""
    if fmt not in FORMATS:
        raise Http404
    contact = get_object_or_404(Contact, pk=pk)
    render_file, content_type = FORMATS[fmt]
    body = render_file(contact)
    log_export(user=request.user, what=f"Données personnelles du contact n° {pk} ({fmt})", count=1)
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"donnees-contact-{pk}-{stamp}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


@login_required
@permission_required("partners.erase_contact", raise_exception=True)
def contact_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET, with what goes and what stays), then anonymise (POST)."""
    contact = get_object_or_404(Contact, pk=pk)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        kept = privacy.contact_erase(contact=contact, by=request.user)
        if kept:
            messages.success(request, _("Le contact est effacé ; son nom est conservé."))
        else:
            messages.success(request, _("Le contact est effacé."))
        return redirect(contact)
    context = {"contact": contact, **privacy.contact_erase_summary(contact)}
    return render(request, "partners/contact_erase.html", context)


# A mail client's one-click unsubscribe (RFC 8058) posts without a CSRF token; the signed token
# in the address is the only credential, and all it can do is withdraw a consent.
@csrf_exempt
def contact_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Without login: GET asks (mail scanners follow links), POST withdraws the consent."""
    contact = privacy.contact_from_token(token)
    if contact is None:
        raise Http404
    done = request.method == "POST"
    if done:
        privacy.contact_unsubscribe(contact=contact)
    response = render(request, "partners/contact_unsubscribe.html", {"done": done})
    add_never_cache_headers(response)
    return response
