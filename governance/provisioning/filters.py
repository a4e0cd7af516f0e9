"""SCIM filters (RFC 7644 §3.4.2.2) as Django queries, through scim2-filter-parser's Q-object
transpiler. An attribute the map does not name is refused (400 invalidFilter), rather than
dropped from the query as the transpiler would (which would answer every resource)."""

from __future__ import annotations

from django.db.models import Q
from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser
from scim2_filter_parser.transpilers.django_q_object import Transpiler
from scim2_models import InvalidFilterException

USER_URN = "urn:ietf:params:scim:schemas:core:2.0:user"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:group"


def _with_urn(urn: str, mapping: dict[tuple, str]) -> dict[tuple, str]:
    """Each attribute by its short name and by its full name (`urn:…:User:userName`)."""
    return mapping | {(attr, sub, urn): field for (attr, sub, _), field in mapping.items()}


COMMON = {
    ("id", None, None): "scim_id",
    ("externalId", None, None): "external_id",
    ("meta", "created", None): "created_at",
    ("meta", "lastModified", None): "updated_at",
}
USER_ATTRIBUTES = _with_urn(
    USER_URN,
    COMMON
    | {
        ("userName", None, None): "user_name",
        ("displayName", None, None): "user__full_name",
        ("emails", None, None): "user__email",
        ("emails", "value", None): "user__email",
        ("active", None, None): "user__is_active",
        ("title", None, None): "user__person__job_title",
        ("name", "givenName", None): "user__person__first_name",
        ("name", "familyName", None): "user__person__last_name",
    },
)
GROUP_ATTRIBUTES = _with_urn(
    GROUP_URN,
    COMMON
    | {
        ("displayName", None, None): "display_name",
        ("members", None, None): "members__scim_id",
        ("members", "value", None): "members__scim_id",
    },
)


class _StrictTranspiler(Transpiler):
    def visit_AttrPath(self, node):
        field = super().visit_AttrPath(node)
        if field is None:
            sub = f".{node.sub_attr.value}" if node.sub_attr else ""
            raise InvalidFilterException(
                detail=f"Filtering on {node.attr_name}{sub} is not supported"
            )
        return field


def filter_query(scim_filter: str, attributes: dict[tuple, str]) -> Q:
    """The Q of a SCIM filter over the attributes `attributes` maps to fields."""
    try:
        tree = SCIMParser().parse(SCIMLexer().tokenize(scim_filter))
    except Exception as error:  # the lexer raises ValueError, the parser its own errors
        raise InvalidFilterException(detail=str(error)[:200]) from error
    if tree is None:
        raise InvalidFilterException(detail="Empty filter")
    query = _StrictTranspiler(attributes).transpile(tree)
    return query if query is not None else Q()
