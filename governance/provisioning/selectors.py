"""Reads of SCIM provisioning: the live users and groups, each as its SCIM resource with its
ETag. The version is a digest of the representation, so it changes whenever what the provider
would read changes, whoever changed it (an off-boarding deactivating the account included)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db.models import Prefetch, QuerySet
from scim2_models import Context, Meta

from governance.provisioning import resources
from governance.provisioning.models import ScimGroup, ScimUser


def live_users() -> QuerySet[ScimUser]:
    groups = ScimGroup.objects.filter(deleted_at__isnull=True).order_by("pk")
    return (
        ScimUser.objects.filter(deleted_at__isnull=True)
        .select_related("user")
        .prefetch_related(Prefetch("scim_groups", queryset=groups, to_attr="live_groups"))
        .order_by("pk")
    )


def live_groups() -> QuerySet[ScimGroup]:
    members = ScimUser.objects.filter(deleted_at__isnull=True)
    return (
        ScimGroup.objects.filter(deleted_at__isnull=True)
        .prefetch_related(Prefetch("members", queryset=members.order_by("pk"), to_attr="live"))
        .order_by("pk")
    )


def _version(resource: resources.User | resources.Group) -> str:
    dumped = resource.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    digest = hashlib.sha256(json.dumps(dumped, sort_keys=True).encode()).hexdigest()
    return f'W/"{digest[:20]}"'


def _meta(resource, obj, kind: str, location: str) -> None:
    resource.meta = Meta(
        resource_type=kind,
        created=obj.created_at,
        last_modified=obj.updated_at,
        location=location,
        version=_version(resource),
    )


def user_resource(scim_user: ScimUser, base: str) -> resources.User:
    """The SCIM user: what the provider wrote, `active` as the account is now, its groups."""
    attributes = dict(scim_user.attributes)
    data: dict[str, Any] = {
        **{k: v for k, v in attributes.items() if k != "active"},
        "id": str(scim_user.scim_id),
        "userName": scim_user.user_name,
    }
    if scim_user.external_id:
        data["externalId"] = scim_user.external_id
    if "active" in attributes:  # the provider removed it: the account keeps its state
        data["active"] = scim_user.user.is_active
    groups = getattr(scim_user, "live_groups", None)
    if groups is None:
        groups = scim_user.scim_groups.filter(deleted_at__isnull=True).order_by("pk")
    resource = resources.User.model_validate(data)
    resource.groups = [
        resources.GroupMembership(
            value=str(g.scim_id), ref=f"{base}/Groups/{g.scim_id}", display=g.display_name
        )
        for g in groups
    ] or None
    _meta(resource, scim_user, "User", f"{base}/Users/{scim_user.scim_id}")
    return resource


def group_resource(group: ScimGroup, base: str) -> resources.Group:
    members = getattr(group, "live", None)
    if members is None:
        members = group.members.filter(deleted_at__isnull=True)
    resource = resources.Group(
        id=str(group.scim_id),
        external_id=group.external_id or None,
        display_name=group.display_name,
        members=[
            resources.GroupMember(
                value=str(m.scim_id),
                ref=f"{base}/Users/{m.scim_id}",
                type="User",
            )
            for m in members
        ]
        or None,
    )
    _meta(resource, group, "Group", f"{base}/Groups/{group.scim_id}")
    return resource
