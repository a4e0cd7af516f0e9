"""Single sign-on through allauth's OpenID Connect and SAML providers, configured by
accounts.SignInProvider rows (never allauth's SocialApp rows: their secrets would sit in clear)."""
