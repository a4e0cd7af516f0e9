"""`{% version %}`: the release running (settings.VERSION), on every page, the error pages too
(which are rendered without the request's context)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def version() -> str:
    return settings.VERSION
