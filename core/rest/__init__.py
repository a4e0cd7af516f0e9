"""What every endpoint of the REST API shares and that knows no domain: errors as RFC 9457
problem documents, cursor pagination, ETags and If-Match, the per-token rate limit, and the
schema's description of all that. Each feature's endpoints live in its own `api.py`; the router
is config/api.py."""
