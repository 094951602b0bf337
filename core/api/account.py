"""The account page's API tokens: each user creates (shown once) and revokes their own."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from core.api import tokens
from core.forms import AccessibleFormMixin
from core.models import ApiToken


class TokenForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nom du jeton"),
        max_length=100,
        help_text=gettext_lazy("À quoi il sert : « Export vers le tableur du réseau »…"),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Durée de validité (jours)"),
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        initial=settings.API_TOKEN_DAYS,
    )


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's tokens; a new one's secret is shown on this answer only."""
    form = TokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = tokens.token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": ApiToken.objects.filter(user=request.user),
    }
    return render(request, "core/token_list.html", context)


@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET) then revoke (POST): only one's own tokens, others answer 404."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if request.method == "POST":
        tokens.token_revoke(token=token)
        messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
        return redirect("core:token_list")
    return render(request, "core/token_revoke.html", {"token": token})
