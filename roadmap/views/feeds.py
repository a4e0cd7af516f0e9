"""Calendar feeds: the page that gives (and revokes) the private addresses, and the feeds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roadmap import calendar, services
from roadmap.models import CalendarToken, Roadmap
from roadmap.models.calendar import token_hash
from roadmap.rules import may_plan, may_read_roadmap
from roadmap.views._common import planning, reading

NEW_ADDRESS = "roadmap:new-calendar-address"


@login_required
def feeds(request: HttpRequest) -> HttpResponse:
    reading(request.user)
    live = CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True)
    mine = live.filter(roadmap__isnull=True).first()
    roadmaps = list(Roadmap.objects.order_by("-starts_on"))
    tokens = {t.roadmap_id: t for t in live.filter(roadmap__in=roadmaps)}
    # The address of a feed just made, shown this once: only its hash is kept.
    new_address = request.session.pop(NEW_ADDRESS, None)
    return render(
        request,
        "roadmap/feeds.html",
        {
            "mine": mine,
            "roadmaps": [(r, tokens.get(r.pk)) for r in roadmaps],
            "new_address": new_address,
            "may_plan": may_plan(request.user),
        },
    )


@login_required
@require_POST
def feed_issue(request: HttpRequest) -> HttpResponse:
    reading(request.user)
    roadmap_id = request.POST.get("roadmap")
    if roadmap_id:
        planning(request.user)
        token = services.calendar_token_issue(
            actor=request.user, roadmap=get_object_or_404(Roadmap, pk=roadmap_id)
        )
    else:
        token = services.calendar_token_issue(actor=request.user, user=request.user)
    request.session[NEW_ADDRESS] = request.build_absolute_uri(
        reverse("roadmap:feed", args=[token.token])
    )
    messages.success(request, _("New calendar address issued; the previous one stopped working."))
    return redirect("roadmap:feeds")


@login_required
@require_POST
def feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    reading(request.user)
    token = get_object_or_404(CalendarToken, pk=pk, revoked_at__isnull=True)
    # One's own address; any address for a lead or an admin, who may have to cut a leaked one.
    if token.user_id != request.user.pk and not may_plan(request.user):
        raise Http404
    services.calendar_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Calendar address revoked."))
    return redirect("roadmap:feeds")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no login (calendar apps cannot), the token is the secret."""
    found = (
        CalendarToken.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .select_related("user", "roadmap")
        .first()
    )
    # The feed stops as soon as its user may no longer read the roadmap.
    if found is None or found.user is None or not may_read_roadmap(found.user):
        raise Http404
    if found.roadmap is not None:
        body = calendar.roadmap_feed(found.roadmap)
    else:
        body = calendar.user_feed(found.user, _("Gouvernail: my deadlines"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
