"""The charts of the dashboard, an audit, a roadmap, an objective and a channel's audits in
Chromium, at 1440 and 390 px, in English and French: no axe-core violation, nothing wider than
the window, and no chart text drawn smaller than 12 px (an SVG scaled down to a phone shrank it
to 7). Screenshots go to /tmp/shots-charts for a reviewer to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser

from accounts.demo import build_organisation
from audits.models import Audit
from roadmap.models import Objective, Roadmap
from tests.factories import give_totp
from tests.support.axe import overflow, violations
from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-charts")
SMALLEST = 12  # px

# The rendered height of the smallest text in a chart: an SVG's own text is measured as drawn
# (its box after any scaling), HTML text by its computed size.
SMALLEST_TEXT_JS = """
() => {
  const sizes = [];
  for (const chart of document.querySelectorAll('.gv-chart')) {
    for (const text of chart.querySelectorAll('svg text')) {
      const box = text.getBoundingClientRect();
      if (box.height) { sizes.push([box.height / 1.15, text.textContent]); }
    }
    for (const cell of chart.querySelectorAll('th, td, li, span, a')) {
      if (cell.offsetParent !== null && cell.textContent.trim()) {
        sizes.push([parseFloat(getComputedStyle(cell).fontSize), cell.textContent.trim()]);
      }
    }
  }
  return sizes.sort((a, b) => a[0] - b[0])[0] || [99, ''];
}
"""


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_the_charts_read_at_both_widths_in_both_languages(
    live_server, browser: Browser, language, width
):
    org = build_organisation("demo", password="unused-pass-1")
    lead = org.accounts["lead@demo.gouvernail.test"]
    give_totp(lead)
    audit = Audit.objects.filter(assessments__isnull=False).order_by("-conducted_on").first()
    pages = {
        "dashboard": reverse("home"),
        "audit": reverse("audits:detail", args=[audit.pk]),
        "roadmap": reverse("roadmap:detail", args=[Roadmap.objects.order_by("pk").first().pk]),
        "objective": reverse("roadmap:objective", args=[Objective.objects.order_by("pk")[0].pk]),
        "channel-audits": reverse(
            "channels_registry:tab",
            args=[audit.assessments.values_list("channel_id", flat=True)[0], "audits"],
        ),
    }
    SHOTS.mkdir(exist_ok=True)
    context = signed_in_context(browser, live_server, lead, language=language, width=width)
    try:
        for name, url in pages.items():
            page = context.new_page()
            page.goto(url)
            page.screenshot(path=SHOTS / f"{name}-{language}-{width}.png", full_page=True)
            assert page.locator(".gv-chart").count(), name
            assert violations(page) == {}, name
            assert overflow(page) == 0, name
            size, text = page.evaluate(SMALLEST_TEXT_JS)
            assert size >= SMALLEST - 0.5, (name, size, text)
            page.close()
    finally:
        context.close()
