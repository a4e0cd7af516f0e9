"""The test OpenID provider's own pages: a plain sign-in form, and the harness endpoints
through which the fixture adds users and redirect URIs (JSON, with the harness's bearer token)."""

import hmac
import json
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, login
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider.models import get_application_model

from tests.support.oidc_provider.models import Claims


class SignInForm(forms.Form):
    email = forms.EmailField(label="Email")
    password = forms.CharField(label="Password", widget=forms.PasswordInput)


def sign_in(request):
    """E-mail and password; then back to where the authorization request left off."""
    form = SignInForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "/"
    if form.is_valid():
        email = form.cleaned_data["email"].lower()  # users are kept by lower-cased address
        user = authenticate(request, username=email, password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            return redirect(next_url)
        form.add_error(None, "Wrong e-mail or password.")
    return render(request, "oidc_provider/sign_in.html", {"form": form, "next": next_url})


def harness(view):
    """Only the fixture that started this provider (it alone knows the token) may call it."""

    @csrf_exempt
    @require_POST
    @wraps(view)
    def guarded(request):
        expected = f"Bearer {settings.HARNESS_TOKEN}"
        if not hmac.compare_digest(request.headers.get("Authorization", ""), expected):
            return HttpResponseForbidden("harness token required")
        return JsonResponse(view(json.loads(request.body)))

    return guarded


@harness
def put_user(data: dict) -> dict:
    """Create the user, or replace what an existing one's tokens say (their next sign-in)."""
    email = data["email"].lower()
    user, _ = get_user_model().objects.update_or_create(
        username=email,
        defaults={
            "email": email,
            "first_name": data.get("given_name", ""),
            "last_name": data.get("family_name", ""),
        },
    )
    user.set_password(data["password"])
    user.save()
    Claims.objects.update_or_create(
        user=user,
        defaults={
            "email_verified": data.get("email_verified", True),
            "groups": list(data.get("groups", [])),
            "amr": list(data.get("amr", ["pwd"])),
            "acr": data.get("acr") or "",
        },
    )
    return {"sub": str(user.pk)}


@harness
def add_redirect_uri(data: dict) -> dict:
    application = get_application_model().objects.get(client_id=data["client_id"])
    uris = application.redirect_uris.split()
    if data["uri"] not in uris:
        uris.append(data["uri"])
    application.redirect_uris = " ".join(uris)
    application.save(update_fields=["redirect_uris"])
    return {"redirect_uris": uris}
