"""Roadmap pages measured by `manage.py benchmark`."""

from django.urls import reverse

from core.benchmarks import BenchmarkPage
from roadmap.models import Objective, Roadmap

PAGES = (
    BenchmarkPage("roadmap home", lambda org: reverse("roadmap:index")),
    BenchmarkPage(
        "roadmap page",
        lambda org: reverse("roadmap:detail", args=[Roadmap.objects.order_by("pk").first().pk]),
    ),
    BenchmarkPage(
        "objective page",
        lambda org: reverse(
            "roadmap:objective", args=[Objective.objects.filter(primary=True).first().pk]
        ),
    ),
)
