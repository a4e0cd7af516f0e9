"""Governance pages measured by `manage.py benchmark`."""

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from accounts.models import Person
from channels_registry.benchmarks import first_channel
from core.benchmarks import BenchmarkPage, admin_list
from governance.models import AccessGrant, AccessReview, Offboarding, Policy


def _busiest_person(org) -> int:
    return (
        AccessGrant.objects.filter(status="active")
        .values("person")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["person"]
    )


def _open_review(org) -> int:
    return AccessReview.objects.filter(status="open").order_by("pk").first().pk


def _policy(title: str):
    return lambda org: Policy.objects.get(title=title).pk


_SOCIAL, _CRISIS = _policy("Social media policy"), _policy("Crisis management plan")

PAGES = (
    BenchmarkPage(
        "access reviews",
        lambda org: reverse("governance:reviews"),
        admin=admin_list("governance.accessreview"),
    ),
    BenchmarkPage(
        "review campaign page",
        lambda org: reverse("governance:review", args=[_open_review(org)]),
        admin=admin_list("governance.reviewitem", review__id__exact=_open_review),
    ),
    BenchmarkPage("my review items", lambda org: reverse("governance:my_review_items")),
    BenchmarkPage("access home", lambda org: reverse("governance:index")),
    BenchmarkPage(
        "channel access tab",
        lambda org: reverse("channels_registry:tab", args=[first_channel(org), "access"]),
        admin=admin_list("governance.accessgrant", channel=first_channel),
    ),
    BenchmarkPage(
        "person page",
        lambda org: reverse("governance:person", args=[_busiest_person(org)]),
        admin=admin_list("governance.accessgrant", person=_busiest_person),
    ),
    BenchmarkPage(
        "access matrix",
        lambda org: reverse("governance:matrix"),
        admin=admin_list("governance.accessgrant", status__exact="active"),
    ),
    BenchmarkPage(
        "access matrix, page 3x2", lambda org: reverse("governance:matrix") + "?people=3&channels=2"
    ),
    BenchmarkPage(
        "access matrix, a person's whole row",
        lambda org: reverse("governance:matrix") + f"?person={_busiest_person(org)}",
    ),
    BenchmarkPage(
        "access matrix, a search",
        lambda org: (
            reverse("governance:matrix")
            + "?"
            + urlencode({"q": Person.objects.get(pk=_busiest_person(org)).last_name})
        ),
    ),
    BenchmarkPage(
        "requests to decide",
        lambda org: reverse("governance:requests"),
        admin=admin_list("governance.accessrequest", status__exact="pending"),
    ),
    BenchmarkPage(
        "off-boardings",
        lambda org: reverse("governance:offboardings"),
        admin=admin_list("governance.offboarding"),
    ),
    BenchmarkPage(
        "off-boarding page",
        lambda org: reverse("governance:offboarding", args=[Offboarding.objects.first().pk]),
    ),
    BenchmarkPage(
        "policies", lambda org: reverse("policies:index"), admin=admin_list("governance.policy")
    ),
    BenchmarkPage(
        "policy page (lead)", lambda org: reverse("policies:detail", args=[_SOCIAL(org)])
    ),
    BenchmarkPage(
        "policy page (member)",
        lambda org: reverse("policies:detail", args=[_SOCIAL(org)]),
        as_user="member@demo.gouvernail.test",
    ),
    BenchmarkPage(
        "policy comparison",
        lambda org: reverse("policies:compare", args=[_SOCIAL(org)]) + "?old=1&new=2",
    ),
    BenchmarkPage(
        "policy evidence CSV",
        lambda org: reverse("policies:evidence_csv", args=[_SOCIAL(org)]),
        admin=admin_list("governance.acknowledgement", version__policy__id__exact=_SOCIAL),
    ),
    BenchmarkPage(
        "crisis roster",
        lambda org: reverse("policies:roster", args=[_CRISIS(org)]),
        admin=admin_list("governance.crisiscontact", policy__id__exact=_CRISIS),
    ),
    BenchmarkPage(
        "channel crisis tab",
        lambda org: reverse("channels_registry:tab", args=[first_channel(org), "crisis"]),
    ),
    BenchmarkPage("API: grants, 200", lambda org: reverse("api:grant-list") + "?page_size=200"),
    BenchmarkPage(
        "API: admin grants, 200",
        lambda org: reverse("api:grant-list") + "?privilege_level=admin&page_size=200",
    ),
    BenchmarkPage("API: my tasks", lambda org: reverse("api:my-tasks-list")),
    BenchmarkPage(
        "API: review items, 200", lambda org: reverse("api:review-item-list") + "?page_size=200"
    ),
)
