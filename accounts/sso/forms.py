"""allauth's forms with single sign-on: password reset is refused for an address of an SSO-only
domain and for any account one of whose addresses is (a second address must not let them choose
a password), and such an account may not add an address; the error says where to sign in."""

from __future__ import annotations

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm

from accounts.sso.account_adapter import refuse_sso_only, refuse_sso_only_user


class ResetPasswordForm(AllauthResetPasswordForm):
    def clean_email(self) -> str:
        refuse_sso_only(self.cleaned_data["email"].strip())
        email = super().clean_email()
        for user in self.users:
            refuse_sso_only_user(user)
        return email


class AddEmailForm(AllauthAddEmailForm):
    def clean_email(self) -> str:
        refuse_sso_only_user(self.user)
        return super().clean_email()
