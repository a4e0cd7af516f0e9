"""What a SCIM token may see and where its names must be unique: the one place these rules live.

A token linked to a sign-in provider sees what that provider's tokens provisioned; an
organisation-wide token (none linked) sees everything provisioned. Names a provider chooses
(userName, a group's displayName) are unique among the resources of its own kind of token (the
same provider, or the organisation's), so that a partner can neither learn nor take a name the
organisation uses. E-mail addresses stay unique across the whole directory (accounts)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from governance.provisioning.models import ScimToken

Rows = TypeVar("Rows", bound=Model)


def visible_to(rows: QuerySet[Rows], token: ScimToken) -> QuerySet[Rows]:
    """The users or groups among `rows` that `token` may read, change and name as members."""
    if token.provider_id is not None:
        return rows.filter(token__provider_id=token.provider_id)
    return rows


def naming_scope(rows: QuerySet[Rows], token: ScimToken) -> QuerySet[Rows]:
    """The users or groups among `rows` whose userName or displayName `token`'s may not repeat:
    those of tokens of the same provider (the organisation's tokens, for a token without one)."""
    return rows.filter(token__provider_id=token.provider_id)
