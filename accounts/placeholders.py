"""A page for an area whose capability has not landed yet, so the navigation is whole."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise


def placeholder(title: Promise, description: Promise) -> Callable[[HttpRequest], HttpResponse]:
    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, "placeholder.html", {"title": title, "description": description})

    return view
