"""The claims the test OpenID provider puts in ID tokens and the userinfo answer."""

from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.support.oidc_provider.models import Claims


def _claims(request) -> Claims:
    return Claims.objects.get_or_create(user=request.user)[0]


class ClaimsValidator(OAuth2Validator):
    """Standard profile and e-mail claims, plus `groups`, `amr` and `acr` (with scope openid).

    Claims are given as functions of the request (DOT's request-agnostic form), so that the
    discovery document lists them in `claims_supported`.
    """

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "groups": "openid",
        "amr": "openid",
        "acr": "openid",
    }

    def get_additional_claims(self):
        return {
            "email": lambda request: request.user.email,
            "email_verified": lambda request: _claims(request).email_verified,
            "given_name": lambda request: request.user.first_name,
            "family_name": lambda request: request.user.last_name,
            "name": lambda request: request.user.get_full_name(),
            "preferred_username": lambda request: request.user.email,
            "groups": lambda request: list(_claims(request).groups),
            "amr": lambda request: list(_claims(request).amr),
            "acr": lambda request: _claims(request).acr or None,
        }

    def get_oidc_claims(self, token, token_handler, request):
        # A user without an acr has none in their tokens (rather than "acr": null).
        claims = super().get_oidc_claims(token, token_handler, request)
        return {name: value for name, value in claims.items() if value is not None}
