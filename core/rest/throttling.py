"""The rate limit, per token: each token has its own budget (`API_RATE_LIMIT`, e.g.
"1000/hour"), counted in the cache (Redis), whoever else calls. A browser session is counted per
user, an anonymous call per address."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str | None:
        # Read at each request (not at import, as DRF's default does): settings may change.
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view) -> str:
        token_pk = getattr(request.auth, "pk", None)
        if token_pk is not None:
            ident = f"token:{token_pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"address:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
