"""What the roadmap views share: the read and write checks, and the generic form page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from roadmap.rules import may_plan, may_read_roadmap


def reading(user) -> None:
    if not may_read_roadmap(user):
        raise PermissionDenied


def planning(user) -> None:
    if not may_plan(user):
        raise PermissionDenied


def form_page(request, form, *, title, submit_label, cancel_url, intro=""):
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": title,
            "submit_label": submit_label,
            "cancel_url": cancel_url,
            "intro": intro,
        },
    )
