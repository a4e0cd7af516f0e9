"""Calendar feeds: the page that gives (and revokes) the private addresses, and the feeds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roadmap import calendar, services
from roadmap.models import CalendarToken, Roadmap
from roadmap.rules import may_plan, may_read_roadmap
from roadmap.views._common import planning, reading


@login_required
def feeds(request: HttpRequest) -> HttpResponse:
    reading(request.user)
    mine = CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True).first()
    roadmaps = list(Roadmap.objects.order_by("-starts_on"))
    tokens = {
        t.roadmap_id: t
        for t in CalendarToken.objects.filter(roadmap__in=roadmaps, revoked_at__isnull=True)
    }
    return render(
        request,
        "roadmap/feeds.html",
        {
            "mine": mine,
            "roadmaps": [(r, tokens.get(r.pk)) for r in roadmaps],
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
        services.calendar_token_issue(
            actor=request.user, roadmap=get_object_or_404(Roadmap, pk=roadmap_id)
        )
    else:
        services.calendar_token_issue(actor=request.user, user=request.user)
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
        CalendarToken.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("user", "roadmap")
        .first()
    )
    if found is None or (found.user is not None and not may_read_roadmap(found.user)):
        raise Http404
    if found.roadmap is not None:
        body = calendar.roadmap_feed(found.roadmap)
    else:
        body = calendar.user_feed(found.user, _("Gouvernail: my deadlines"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
