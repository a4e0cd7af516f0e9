"""The invitation e-mail: a link to choose a password, made with allauth's reset tokens."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User


def invitation_url(user: User, base_url: str) -> str:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def send_invitation(*, user_id: int, base_url: str) -> None:
    user = User.objects.get(pk=user_id)
    context = {"user": user, "url": invitation_url(user, base_url)}
    send_mail(
        subject=_("You are invited to Gouvernail"),
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
