"""The SCIM resources Gouvernail serves, as scim2-models (pydantic) models, and what its
ServiceProviderConfig announces.

The User and Group schemas published on /Schemas are the core schemas of RFC 7643 narrowed to the
attributes Gouvernail keeps: an attribute it does not store is not announced, and a provider that
sends one anyway (Entra ID and Okta send phone numbers, addresses…) sees it ignored rather than
refused (the policy below)."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field
from scim2_models import (
    URN,
    AuthenticationScheme,
    Bulk,
    CaseExact,
    ChangePassword,
    ComplexAttribute,
    ETag,
    Filter,
    Mutability,
    Pagination,
    Patch,
    Reference,
    Required,
    Resource,
    ResourceType,
    Schema,
    ScimPolicy,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
)
from scim2_models import Email as CoreEmail

MAX_RESULTS = 200


class Name(ComplexAttribute):
    formatted: str | None = None
    family_name: str | None = None
    given_name: str | None = None


class Email(ComplexAttribute):
    value: str | None = None
    type: CoreEmail.Type | None = Field(None, examples=["work", "home", "other"])
    primary: bool | None = None


class GroupMembership(ComplexAttribute):
    value: Annotated[str | None, Mutability.read_only, CaseExact.true] = None
    ref: Annotated[Reference["Group"] | None, Mutability.read_only] = Field(  # noqa: UP037
        None, serialization_alias="$ref", validation_alias="$ref"
    )
    display: Annotated[str | None, Mutability.read_only] = None


class User(Resource[Any]):
    """A Gouvernail user and its person: userName, name, displayName, title, emails, active."""

    __schema__ = URN("urn:ietf:params:scim:schemas:core:2.0:User")

    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    name: Name | None = None
    display_name: str | None = None
    title: str | None = None
    active: bool | None = None
    emails: list[Email] | None = None
    groups: Annotated[list[GroupMembership] | None, Mutability.read_only] = None


class GroupMember(ComplexAttribute):
    """A member is a user (Gouvernail does not nest groups), as RFC 7643 §8.7.1 describes it."""

    value: Annotated[str | None, Mutability.immutable, CaseExact.true] = None
    ref: Annotated[Reference[Union["User", "Group"]] | None, Mutability.immutable] = Field(  # noqa: UP007, UP037
        None, serialization_alias="$ref", validation_alias="$ref"
    )
    type: Annotated[str | None, Mutability.immutable] = Field(None, examples=["User"])


class Group(Resource[Any]):
    """A group of the identity provider: displayName, members."""

    __schema__ = URN("urn:ietf:params:scim:schemas:core:2.0:Group")

    display_name: Annotated[str | None, Required.true] = None
    members: list[GroupMember] | None = None


RESOURCE_MODELS: dict[str, type[Resource[Any]]] = {"Users": User, "Groups": Group}
RESOURCE_TYPES = [ResourceType.from_resource(User), ResourceType.from_resource(Group)]


def _user_schema() -> Schema:
    """Gouvernail cannot provision a user without an e-mail address (its login, and how a person
    is matched): the schema says `emails` is required. The server also takes a userName that is an
    address in its stead (Entra ID leaves `emails` out for a user without a mailbox)."""
    schema = User.to_schema()
    for attribute in schema.attributes or []:
        if attribute.name == "emails":
            attribute.required = True
            for sub in attribute.sub_attributes or []:
                sub.required = sub.required or sub.name == "value"
    return schema


SCHEMAS = [
    _user_schema(),
    Group.to_schema(),
    ResourceType.to_schema(),
    ServiceProviderConfig.to_schema(),
    Schema.to_schema(),
]

# What Entra ID and Okta send and the RFC does not: attributes no schema here declares (ignored),
# a `remove` whose value names what to remove, a replace on `emails[type eq "work"].value` of a
# user who has no work address yet (the entry is made).
POLICY = ScimPolicy(
    unknown=ScimPolicy.Unknown.ignore,
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)


def service_provider_config() -> ServiceProviderConfig:
    """Only what governance.provisioning.views does: PATCH, filters, ETags, index pagination, a bearer
    token; no bulk, no sorting, no password change (Gouvernail keeps no SCIM password)."""
    return ServiceProviderConfig(
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=True),
        pagination=Pagination(
            cursor=False,
            index=True,
            default_pagination_method=Pagination.DefaultPaginationMethod.index,
            default_page_size=100,
            max_page_size=MAX_RESULTS,
        ),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description="A token an admin creates in Gouvernail's admin (SCIM tokens).",
                primary=True,
            )
        ],
    )
