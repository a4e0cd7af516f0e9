"""The audits area's tabs, shown to each reader as the rules let them in."""

from django import template

from audits.rules import may_read_evaluations

register = template.Library()


@register.inclusion_tag("audits/_nav.html", takes_context=True)
def audits_nav(context, section: str) -> dict:
    """The tabs, `section` current; Platform evaluations only for those who may open it."""
    return {
        "section": section,
        "may_read_evaluations": may_read_evaluations(context["request"].user),
    }
