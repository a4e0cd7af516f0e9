"""A real OpenID provider for the SSO tests: a small Django project of its own running
django-oauth-toolkit with OpenID Connect, started by the `oidc_provider` fixture (fixture.py)."""
