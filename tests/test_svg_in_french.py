"""Pictures drawn in French keep their coordinates: a decimal comma would break every SVG."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.demo import build_organisation
from audits.models import Audit
from roadmap.models import Objective, Roadmap
from tests.factories import give_totp

pytestmark = pytest.mark.django_db

NUMBER_ATTRIBUTE = re.compile(r'\b(x|y|x1|x2|y1|y2|cx|cy|width|height|dx|points)="([^"]*)"')
NUMBER = r"-?\d+(?:\.\d+)?"


def _well_formed(name: str, value: str) -> bool:
    if name == "points":  # "x,y x,y …": the comma separates a point's coordinates
        return all(re.fullmatch(f"{NUMBER},{NUMBER}", pair) for pair in value.split())
    return bool(re.fullmatch(f"{NUMBER}%?", value))


def test_every_picture_keeps_a_decimal_point_in_french(client):
    org = build_organisation("demo", password="unused-pass-1")
    lead = org.accounts["lead@demo.gouvernail.test"]
    give_totp(lead)  # leads must have a second factor
    client.force_login(lead)
    audit = Audit.objects.order_by("pk").first()
    channel_id = audit.assessments.values_list("channel_id", flat=True).first()
    pages = [
        reverse("home"),
        reverse("audits:detail", args=[audit.pk]),
        reverse("channels_registry:tab", args=[channel_id, "audits"]),
        reverse("roadmap:detail", args=[Roadmap.objects.first().pk]),
        reverse("roadmap:objective", args=[Objective.objects.first().pk]),
    ]
    for url in pages:
        response = client.get(url, headers={"accept-language": "fr"})
        assert response.status_code == 200, url
        content = response.content.decode()
        assert 'lang="fr"' in content, url
        svgs = re.findall(r"<svg\b.*?</svg>", content, flags=re.S)
        assert svgs, url
        for svg in svgs:
            for name, value in NUMBER_ATTRIBUTE.findall(svg):
                assert _well_formed(name, value), (url, name, value)
