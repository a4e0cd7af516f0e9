"""The roadmap page's sourcing comparison and its costs, in English and in French."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from roadmap import services
from tests.support.builders import make_objective

pytestmark = pytest.mark.django_db

START = dt.date(2026, 1, 1)
NBSP = "\xa0"


def _roadmap(lead, *phases):
    """A roadmap from 1 Jan 2026; each phase: (first month, months, [(kind, monthly fee)])."""
    roadmap = services.roadmap_create(
        actor=lead, name="Sourcing", starts_on=START, template="empty"
    )
    for order, (first, months, options) in enumerate(phases):
        starts_on = dt.date(2026, first, 1)
        after = dt.date(2026 + (first + months - 1) // 12, (first + months - 1) % 12 + 1, 1)
        phase = services.phase_save(
            actor=lead,
            roadmap=roadmap,
            name=f"Phase {order + 1}",
            order=order,
            starts_on=starts_on,
            ends_on=after - dt.timedelta(days=1),
        )
        for kind, fee in options:
            services.sourcing_option_save(
                actor=lead, phase=phase, kind=kind, label=f"{kind} {fee}", partner=None,
                hourly_rate=None, hours_per_month=None, monthly_fee=Decimal(fee),
            )  # fmt: skip
    return roadmap


def _text(client, roadmap, language="en") -> str:
    response = client.get(
        reverse("roadmap:detail", args=[roadmap.pk]), headers={"accept-language": language}
    )
    assert response.status_code == 200
    content = response.content.decode()
    section = re.search(r'<section[^>]*id="sourcing-comparison".*?</section>', content, re.S)
    return (
        unescape(re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", section.group(0))))
        if section
        else ""
    )


@pytest.fixture
def pays_off(personas):
    """In-house dearer for three months (the team is hired), cheaper for nine."""
    return _roadmap(
        personas.lead,
        (1, 3, [("agency", 4000), ("in_house", 6000)]),
        (4, 9, [("agency", 4000), ("in_house", 2000)]),
    )


def test_the_comparison_totals_the_roadmap_and_says_when_in_house_pays_off(
    client, personas, pays_off
):
    client.force_login(personas.lead)
    text = _text(client, pays_off)
    assert "Total outsourced €48,000" in text
    assert "Total in-house €36,000" in text
    assert (
        "Bringing the work in-house pays off in month 6 (by 30 Jun 2026); by the end of the "
        "roadmap it saves €12,000." in text
    )
    assert "1 (to 31 Jan 2026) €4,000 €6,000 -€2,000" in text
    assert "12 (to 31 Dec 2026) €48,000 €36,000 €12,000" in text
    page = client.get(reverse("roadmap:detail", args=[pays_off.pk])).content.decode()
    assert 'class="gv-pays-off"' in page
    assert "Outsourced (dashed)" in text
    # The phases' own tables carry the currency too.
    assert re.search(r"<td>€4,000</td><td>€12,000</td>", page)


def test_the_comparison_in_french(client, personas, pays_off, settings):
    client.force_login(personas.lead)
    text = _text(client, pays_off, "fr")
    assert f"48{NBSP}000{NBSP}€" in text
    assert f"36{NBSP}000{NBSP}€" in text
    assert "6" in text and f"12{NBSP}000{NBSP}€" in text
    assert "€4" not in text
    assert (
        f"Internaliser devient rentable au mois 6 (au 30 juin 2026){NBSP}; à la fin de la "
        f"feuille de route, l'économie est de 12{NBSP}000{NBSP}€." in text
    )
    assert f"1 (au 31 jan. 2026) 4{NBSP}000{NBSP}€ 6{NBSP}000{NBSP}€ -2{NBSP}000{NBSP}€" in text
    settings.CURRENCY = "CHF"
    assert f"48{NBSP}000{NBSP}CHF" in _text(client, pays_off, "fr")
    assert f"CHF{NBSP}48,000" in _text(client, pays_off, "en")


def test_a_dearer_in_house_never_pays_off(client, personas):
    roadmap = _roadmap(personas.lead, (1, 6, [("consultant", 2640), ("in_house", 3040)]))
    client.force_login(personas.lead)
    text = _text(client, roadmap)
    assert (
        "Bringing the work in-house does not pay off within the roadmap: by its end it costs "
        "€2,400 more than outsourcing." in text
    )
    page = client.get(reverse("roadmap:detail", args=[roadmap.pk])).content.decode()
    assert "gv-pays-off" not in page.split('id="costs-legend"')[0].split("<svg")[-1]


def test_without_an_in_house_option_the_page_says_what_to_add(client, personas):
    roadmap = _roadmap(personas.lead, (1, 6, [("agency", 4500)]))
    client.force_login(personas.lead)
    text = _text(client, roadmap)
    assert "No phase has an in-house option with a cost" in text
    assert "Total" not in text


def test_no_option_no_comparison_and_readers_see_no_costs(client, personas, pays_off):
    empty = _roadmap(personas.lead, (1, 6, []))
    client.force_login(personas.lead)
    assert _text(client, empty) == ""
    client.force_login(personas.member)  # reads the roadmap, plans nothing: no costs shown
    assert _text(client, pays_off) == ""


def test_a_kpi_reading_is_grouped_by_thousands_in_each_language(client, personas):
    lead = personas.lead
    objective = make_objective(
        lead, baseline_on=START, deadline=dt.date(2026, 12, 31), baseline=12000, target=20000
    )
    services.reading_add(
        actor=lead, objective=objective, measured_on=dt.date(2026, 3, 2), value=Decimal(14400)
    )
    client.force_login(lead)
    url = reverse("roadmap:objective", args=[objective.pk])
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "<td>14,400</td>" in english
    assert "14400" not in english.split("<svg")[0]
    french = client.get(url, headers={"accept-language": "fr"}).content.decode()
    assert f"<td>14{NBSP}400</td>" in french
