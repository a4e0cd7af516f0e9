"""Access requests: decided by the owner or a lead, never by oneself; approval creates the grant."""

import html
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import ObjectChange
from channels_registry.models import Platform, PlatformRole
from governance import services
from governance.models import AccessGrant, AccessRequest
from tests.factories import ChannelFactory, role

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(personas):
    channel = ChannelFactory(business_owner=personas.owner.person)
    return services.request_create(
        actor=personas.member,
        channel=channel,
        person=personas.member.person,
        role=role("facebook", "publish"),
        reason="I run the campaign",
    )


def test_owner_approves_and_the_grant_exists(personas, pending):
    decided = services.request_approve(actor=personas.owner, request=pending, comment="Welcome")
    assert decided.status == "approved" and decided.grant.person == personas.member.person
    assert AccessGrant.objects.get(pk=decided.grant.pk).status == "active"
    assert ObjectChange.objects.for_object(decided).count() == 2


def test_nobody_decides_their_own_request(personas, pending):
    with pytest.raises(PermissionDenied):
        services.request_approve(actor=personas.member, request=pending)


def test_nobody_approves_a_request_for_themselves(personas):
    channel = ChannelFactory()
    request = services.request_create(
        actor=personas.member,
        channel=channel,
        person=personas.lead.person,
        role=role("facebook", "publish"),
        reason="For Lucie",
    )
    with pytest.raises(PermissionDenied):
        services.request_approve(actor=personas.lead, request=request)
    services.request_approve(actor=personas.admin, request=request)


def test_other_team_members_cannot_decide(personas, pending):
    with pytest.raises(PermissionDenied):
        services.request_refuse(actor=personas.partner, request=pending, comment="no")


def test_an_auditor_who_owns_the_channel_is_not_asked_to_decide(personas):
    """Auditors never decide: the request is not in their inbox, and its reminder goes to the
    next in line (a lead), who may decide it."""
    from accounts.models import Person
    from governance.access.selectors import requests_to_decide
    from governance.reminders.providers import KINDS

    auditor = Person.objects.create(
        first_name="Aude", last_name="Auditor", email=personas.auditor.email, user=personas.auditor
    )
    channel = ChannelFactory(business_owner=auditor)
    request = services.request_create(
        actor=personas.member,
        channel=channel,
        person=personas.member.person,
        role=role("facebook", "publish"),
        reason="I run the campaign",
    )
    assert list(requests_to_decide(personas.auditor)) == []
    with pytest.raises(PermissionDenied):
        services.request_approve(actor=personas.auditor, request=request)
    kind = next(k for k in KINDS if k.key == "access_request")
    [due] = [item for item in kind.due_items(None) if item.item_id == request.pk]
    assert due.recipient_id == personas.lead.pk
    assert request in requests_to_decide(personas.lead)


def test_refusal_needs_a_reason_and_is_final(personas, pending):
    with pytest.raises(ValidationError):
        services.request_refuse(actor=personas.owner, request=pending, comment=" ")
    services.request_refuse(
        actor=personas.owner, request=pending, comment="Use the shared inbox instead"
    )
    with pytest.raises(ValidationError):
        services.request_approve(actor=personas.lead, request=pending)
    assert not AccessGrant.objects.exists()


def test_one_pending_request_per_person_and_channel(personas, pending):
    with pytest.raises(ValidationError):
        services.request_create(
            actor=personas.member,
            channel=pending.channel,
            person=pending.person,
            role=pending.role,
            reason="again",
        )


def test_inbox_and_decision_through_the_pages(client, personas, pending):
    from django.urls import reverse

    client.force_login(personas.owner)
    page = client.get(reverse("governance:requests"))
    assert pending in page.context["waiting"]
    client.post(
        reverse("governance:request_decide", args=[pending.pk]),
        {"decision": "approve", "comment": "ok"},
    )
    pending.refresh_from_db()
    assert pending.status == "approved"


# Asking for access through the page: only the chosen channel's roles are offered.

HTMX = {"HX-Request": "true"}


def _options(content: str) -> dict[str, list[str]]:
    """Offered roles per optgroup (the platform's name), from the role select."""
    select = re.search(r'<select name="role".*?</select>', content, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)
    return {
        html.unescape(label): [html.unescape(o) for o in re.findall(r">([^<]+)</option>", body)]
        for label, body in groups
    }


def _roles(slug: str) -> list[str]:
    return [
        f"{r.name} ({r.get_privilege_level_display()})"
        for r in PlatformRole.objects.filter(platform__slug=slug).order_by("order", "name")
    ]


def test_the_request_form_offers_the_chosen_channels_roles_under_its_platform(client, personas):
    insta = ChannelFactory(name="Acme Insta", platform=Platform.objects.get(slug="instagram"))
    client.force_login(personas.member)
    url = reverse("governance:request_create")

    # Without a channel (no script), every role is still under its platform's name.
    options = _options(client.get(url).content.decode())
    assert len(options) == Platform.objects.count()
    assert options["Instagram"] == _roles("instagram") and options["X"] == _roles("x")

    # With a channel (from its page, or once chosen), only its platform's roles.
    content = client.get(url, {"channel": insta.pk}).content.decode()
    assert _options(content) == {"Instagram": _roles("instagram")}
    assert "The roles of Instagram, as the platform names them." in content
    assert f'hx-get="{url}"' in content and 'hx-target="#div_id_role"' in content

    # The page asks for the field again when the channel changes: htmx swaps only the field.
    partial = client.get(url, {"channel": insta.pk}, headers=HTMX)
    assert partial.templates[0].name == "governance/_request_role_field.html"
    content = partial.content.decode()
    assert "<html" not in content and 'id="div_id_role"' in content
    assert _options(content) == {"Instagram": _roles("instagram")}


def test_a_platform_name_is_shown_as_text_in_the_roles_help(client, personas):
    platform = Platform.objects.get(slug="instagram")
    platform.name = "<b>Insta</b>"  # reference data an admin edits
    platform.save()
    channel = ChannelFactory(name="Acme Insta", platform=platform)
    client.force_login(personas.member)
    content = client.get(reverse("governance:request_create"), {"channel": channel.pk})
    html = content.content.decode()
    assert "The roles of &lt;b&gt;Insta&lt;/b&gt;, as the platform names them." in html
    assert "<b>Insta</b>" not in html


def test_a_request_names_a_role_of_the_channel_or_is_refused_with_nothing_written(client, personas):
    insta = ChannelFactory(name="Acme Insta", platform=Platform.objects.get(slug="instagram"))
    client.force_login(personas.member)
    url = reverse("governance:request_create")
    data = {
        "channel": insta.pk,
        "role": role("x", "publish").pk,
        "access_method": "personal",
        "reason": "I run the campaign",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "is not a role of Instagram." in refused.content.decode()
    assert _options(refused.content.decode()) == {"Instagram": _roles("instagram")}
    assert not AccessRequest.objects.exists()

    data["role"] = role("instagram", "publish").pk
    assert client.post(url, data).status_code == 302
    made = AccessRequest.objects.get()
    assert (made.channel, made.role, made.person) == (
        insta,
        role("instagram", "publish"),
        personas.member.person,
    )
