"""A signed-in reader's own API tokens: make one (its secret shown once), list, revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers

from scrutineer.web.forms import GovukMixin

from .models import ApiToken

# Enough for every program a reader runs; a guard against a script making tokens in a loop.
MOST_TOKENS = 20


class TokenForm(GovukMixin, forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        max_length=100,
        help_text="A name to tell it apart, such as “Meetings spreadsheet”",
        error_messages={"required": "Enter what the token is for"},
    )


@login_required
def tokens(request):
    """The list, and the form making a new token. The new secret is shown on the answer to
    the form itself, never through a redirect, so that it is never stored in a session or a
    message cookie; the page is not cached."""
    form, secret = TokenForm(request.POST or None), None
    if request.method == "POST" and form.is_valid():
        if request.user.api_tokens.active().count() >= MOST_TOKENS:
            form.add_error(None, f"You have {MOST_TOKENS} tokens: revoke one you no longer use")
        else:
            _token, secret = ApiToken.issue(request.user, form.cleaned_data["name"])
            form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": request.user.api_tokens.all(),
        "api_root": request.build_absolute_uri(f"{request.site_root}api/v1/"),
    }
    response = render(request, "api/tokens.html", context)
    add_never_cache_headers(response)
    return response


@login_required
def revoke(request, pk: int):
    if request.method != "POST":
        return redirect("api-tokens")
    token = get_object_or_404(ApiToken.objects.active(), pk=pk, user=request.user)
    token.revoke()
    messages.success(request, f"Revoked: “{token.name}” no longer reads the API.")
    return redirect("api-tokens")
