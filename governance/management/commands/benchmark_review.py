"""Time the opening of an access review over every active grant of the enterprise organisation."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.demo import build_organisation
from core.benchmarks import summary, throwaway_database
from governance.models import AccessGrant, AccessReview
from governance.services import review_close, review_create, review_open


class Command(BaseCommand):
    help = "Open access review campaigns over all active grants (enterprise size); print median, p95, queries."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, repeat: int, **options) -> None:
        with throwaway_database():
            org = build_organisation("enterprise", password="benchmark-only-pass")
            lead = org.accounts["lead@demo.gouvernail.test"]
            # A grant is in one open campaign at a time: close the demo's, and each measured one.
            for open_review in AccessReview.objects.filter(status="open"):
                review_close(actor=lead, review=open_review)
            grants = AccessGrant.objects.filter(status="active").count()
            timings, queries, items = [], 0, 0
            for run in range(repeat):
                review = review_create(
                    actor=lead,
                    name=f"Bench {run}",
                    due_on=timezone.localdate() + dt.timedelta(days=14),
                )
                reset_queries()  # the query log keeps 9,000 entries; start it empty
                with transaction.atomic(), CaptureQueriesContext(connection) as captured:
                    begin = time.perf_counter()
                    review_open(actor=lead, review=review)
                    timings.append((time.perf_counter() - begin) * 1000)
                queries = len(captured)
                items = AccessReview.objects.get(pk=review.pk).items.count()
                review_close(actor=lead, review=review)
            median, p95 = summary(timings)
            self.stdout.write(
                f"Opening a campaign of {items} items ({grants} active grants) on {connection.vendor}: "
                f"median {median:.0f} ms, p95 {p95:.0f} ms, {queries} queries ({repeat} runs)"
            )
