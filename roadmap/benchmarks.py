"""Roadmap pages measured by `manage.py benchmark`."""

from django.urls import reverse

from core.benchmarks import BenchmarkPage, admin_list
from roadmap.models import Objective, Roadmap


def _first_roadmap(org) -> int:
    return Roadmap.objects.order_by("pk").first().pk


PAGES = (
    BenchmarkPage("roadmap home", lambda org: reverse("roadmap:index")),
    BenchmarkPage(
        "roadmap page",
        lambda org: reverse("roadmap:detail", args=[_first_roadmap(org)]),
        admin=admin_list("roadmap.milestone", phase__roadmap__id__exact=_first_roadmap),
    ),
    BenchmarkPage(
        "objective page",
        lambda org: reverse(
            "roadmap:objective", args=[Objective.objects.filter(primary=True).first().pk]
        ),
    ),
)
