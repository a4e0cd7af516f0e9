"""Access review campaigns: list, creation, the campaign page, my items, decisions, evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.pagination import page_of
from core.web import add_service_errors, csv_response, safe_next
from governance import services
from governance.choices import ReviewStatus
from governance.reviews import evidence
from governance.reviews.forms import BulkDecisionForm, ItemDecisionForm, ReassignForm, ReviewForm
from governance.reviews.selectors import (
    item_for_reviewer,
    items_for,
    my_campaigns,
    my_locked_items,
    my_pending_items,
    my_progress,
    progress_per_reviewer,
    review_for,
    reviews_for,
    roles_by_platform,
)
from governance.rules import may_decide_item, may_run_campaigns, may_see_evidence


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(reviews_for(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/review_list.html",
        {"page": page, "may_run": may_run_campaigns(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest) -> HttpResponse:
    if not may_run_campaigns(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Campaign prepared. Open it when its scope is right."))
            return redirect("governance:review", pk=review.pk)
    return render(request, "governance/review_form.html", {"form": form})


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for(request.user, pk)
    items = items_for(request.user, review)
    state = request.GET.get("state", "")
    if state == "undecided":
        items = items.filter(decision="")
    elif state in ("keep", "revoke", "change_role"):
        items = items.filter(decision=state)
    reviewer = request.GET.get("reviewer", "")
    if reviewer.isdigit():
        items = items.filter(reviewer_id=int(reviewer))
    page = page_of(items, 50, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    everything = may_see_evidence(request.user)
    return render(
        request,
        "governance/review_detail.html",
        {
            "review": review,
            "page": page,
            "query": query.urlencode(),
            "state": state,
            "reviewers": progress_per_reviewer(review) if everything else None,
            "may_run": may_run_campaigns(request.user),
            "may_export": everything,
        },
    )


@login_required
@require_POST
def review_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    review = review_for(request.user, pk)
    if not may_run_campaigns(request.user):
        raise PermissionDenied
    try:
        if action == "open":
            review = services.review_open(actor=request.user, review=review)
            messages.success(request, _("Campaign open: every reviewer can decide now."))
        else:
            services.review_close(actor=request.user, review=review)
            messages.success(request, _("Campaign closed. Revocations became tasks."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("governance:review", pk=review.pk)


MY_ITEMS_PER_PAGE = 250  # a campaign of a few hundred items is decided on one page


def _campaign_filter(request: HttpRequest) -> int | None:
    review = request.GET.get("review", "")
    return int(review) if review.isdigit() else None


def _my_items_context(request: HttpRequest, bulk_form=None) -> dict:
    """The user's items grouped by campaign: those still open to a decision (paged), and those
    submitted, locked, with their decision."""
    review_id = _campaign_filter(request)
    items = my_pending_items(request.user)
    locked = my_locked_items(request.user)
    campaigns = my_campaigns(request.user)
    if review_id is not None:
        items, locked = items.filter(review_id=review_id), locked.filter(review_id=review_id)
        campaigns = [c for c in campaigns if c["review_id"] == review_id]
    page = page_of(items, MY_ITEMS_PER_PAGE, request.GET.get("page"))
    pending: dict[int, list] = {}
    for item in page:
        pending.setdefault(item.review_id, []).append(item)
    done: dict[int, list] = {}
    if page.number == 1:  # the locked items once, with the first page
        for item in locked:
            done.setdefault(item.review_id, []).append(item)
    # Campaigns with items to decide first (by deadline), then those wholly submitted.
    groups = sorted(
        (
            {
                **c,
                "pending": pending.get(c["review_id"], []),
                "locked": done.get(c["review_id"], []),
            }
            for c in campaigns
            if c["review_id"] in pending or c["review_id"] in done
        ),
        key=lambda group: not group["pending"],
    )
    return {
        "page": page,
        "groups": groups,
        "review_id": review_id,
        "bulk_form": bulk_form or BulkDecisionForm(queryset=items),
        "decisions": ItemDecisionForm().fields["decision"].choices,
        "mine": my_progress(request.user),
        "platform_roles": roles_by_platform(),
        "query": f"review={review_id}" if review_id is not None else "",
    }


def _back_to_my_items(request: HttpRequest) -> HttpResponse:
    url = reverse("governance:my_review_items")
    review_id = _campaign_filter(request)
    return redirect(f"{url}?review={review_id}" if review_id is not None else url)


@login_required
@require_http_methods(["GET", "POST"])
def my_items(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("submit"):
            # Every decided item, as the header's progress and its button count them.
            count = services.review_items_submit(actor=request.user)
            if count:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s decision submitted and locked.",
                        "%(count)s decisions submitted and locked.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                messages.info(request, _("Nothing to submit: decide an item first."))
            return _back_to_my_items(request)
        form = BulkDecisionForm(request.POST, queryset=my_pending_items(request.user))
        if form.is_valid():
            try:
                count = services.review_items_bulk_decide(
                    actor=request.user,
                    items=form.cleaned_data["items"],
                    decision=form.cleaned_data["decision"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext("%(count)s item decided.", "%(count)s items decided.", count)
                    % {"count": count},
                )
                return _back_to_my_items(request)
        return render(request, "governance/my_review_items.html", _my_items_context(request, form))
    return render(request, "governance/my_review_items.html", _my_items_context(request))


@login_required
@require_POST
def item_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for_reviewer(request.user, pk)
    if not may_decide_item(request.user, item):
        raise PermissionDenied
    back = safe_next(request, reverse("governance:my_review_items"))
    form = ItemDecisionForm(request.POST, item=item)
    error_text = ""
    if form.is_valid():
        try:
            item = services.review_item_decide(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            error_text = " ".join(error.messages)
    else:
        error_text = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if request.htmx:
        item.refresh_from_db()
        return render(
            request,
            "governance/_review_item_row.html",
            {
                "item": item,
                "error": error_text,
                "decisions": form.fields["decision"].choices,
                "mine": my_progress(request.user),
                "platform_roles": roles_by_platform(),
                "oob": True,
            },
        )
    if error_text:
        messages.error(request, f"{item}: {error_text}")
    else:
        messages.success(request, _("Decision saved for %(item)s.") % {"item": item})
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def item_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for_reviewer(request.user, pk)
    if not may_decide_item(request.user, item):
        raise PermissionDenied
    form = ReassignForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_item_reassign(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Item handed over; its deadline is unchanged."))
            return redirect("governance:my_review_items")
    return render(request, "governance/item_reassign.html", {"form": form, "item": item})


def _evidence_review(request: HttpRequest, pk: int):
    review = review_for(request.user, pk)
    if not may_see_evidence(request.user):
        raise PermissionDenied
    if review.status == ReviewStatus.DRAFT:
        raise PermissionDenied
    return review


@login_required
def review_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    review = _evidence_review(request, pk)
    return render(request, "governance/review_evidence.html", evidence.report(review))


@login_required
def review_evidence_csv(request: HttpRequest, pk: int):
    review = _evidence_review(request, pk)
    return csv_response(evidence.rows(review), f"review-{review.pk}-evidence")
