"""Password reset refuses addresses of an SSO-only domain, and says where to sign in."""

from __future__ import annotations

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm

from accounts.sso.account_adapter import refuse_sso_only


class ResetPasswordForm(AllauthResetPasswordForm):
    def clean_email(self) -> str:
        refuse_sso_only(self.cleaned_data["email"].strip())
        return super().clean_email()
