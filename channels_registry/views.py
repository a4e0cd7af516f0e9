"""Pages of the channel registry. Reads go through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from channels_registry import imports, selectors, services
from channels_registry.filters import ChannelFilter
from channels_registry.forms import ArchiveForm, ChannelForm, ImportForm
from channels_registry.risk import flags_of, risk_flags
from channels_registry.rules import may_archive, may_create, may_edit, may_import
from channels_registry.tabs import channel_tabs
from core.web import add_service_errors, csv_response

PAGE_SIZE = 50


@login_required
def channel_list(request: HttpRequest) -> HttpResponse:
    channel_filter = ChannelFilter(
        request.GET, queryset=selectors.channels_for(request.user), user=request.user
    )
    channels = channel_filter.qs
    page = Paginator(channels, PAGE_SIZE).get_page(request.GET.get("page"))
    for channel in page:
        channel.flags = flags_of(channel)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "channels_registry/channel_list.html",
        {
            "filter": channel_filter,
            "page": page,
            "platform_counts": selectors.counts_per_platform(channels),
            "query": query.urlencode(),
            "flags": risk_flags,
            "may_create": may_create(request.user),
            "may_import": may_import(request.user),
        },
    )


@login_required
def channel_export(request: HttpRequest) -> StreamingHttpResponse:
    channels = ChannelFilter(
        request.GET, queryset=selectors.channels_for(request.user), user=request.user
    ).qs.select_related("two_factor_holder", "recovery_phone_holder")
    return csv_response(imports.export_rows(channels.iterator(chunk_size=500)), "channels")


@login_required
def channel_detail(request: HttpRequest, pk: int, tab: str = "overview") -> HttpResponse:
    channel = selectors.channel_for(request.user, pk)
    current = channel_tabs.get(tab)
    if current is None:
        raise Http404
    return render(
        request,
        "channels_registry/channel_detail.html",
        {
            "channel": channel,
            "flags": flags_of(channel),
            "tabs": channel_tabs,
            "tab": current,
            "may_edit": may_edit(request.user, channel),
            "may_archive": may_archive(request.user, channel) and channel.status != "archived",
            **current.context(request, channel),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def channel_create(request: HttpRequest) -> HttpResponse:
    if not may_create(request.user):
        raise PermissionDenied
    form = ChannelForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            channel = services.channel_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, IntegrityError) as error:
            add_service_errors(
                form, error if isinstance(error, ValidationError) else ValidationError(str(error))
            )
        else:
            messages.success(request, _("Channel “%(name)s” registered.") % {"name": channel.name})
            return redirect("channels_registry:detail", pk=channel.pk)
    return render(request, "channels_registry/channel_form.html", {"form": form, "channel": None})


@login_required
@require_http_methods(["GET", "POST"])
def channel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    channel = selectors.channel_for(request.user, pk)
    if not may_edit(request.user, channel):
        raise PermissionDenied
    form = ChannelForm(request.POST or None, instance=channel, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.channel_update(actor=request.user, channel=channel, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Channel saved."))
            return redirect("channels_registry:detail", pk=channel.pk)
    return render(
        request, "channels_registry/channel_form.html", {"form": form, "channel": channel}
    )


@login_required
@require_http_methods(["GET", "POST"])
def channel_archive(request: HttpRequest, pk: int) -> HttpResponse:
    channel = selectors.channel_for(request.user, pk)
    if not may_archive(request.user, channel):
        raise PermissionDenied
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.channel_archive(
            actor=request.user, channel=channel, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Channel archived. Its history is kept."))
        return redirect("channels_registry:detail", pk=channel.pk)
    return render(
        request, "channels_registry/channel_archive.html", {"form": form, "channel": channel}
    )


@login_required
@require_http_methods(["GET", "POST"])
def channel_import(request: HttpRequest) -> HttpResponse:
    if not may_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = imports.parse(form.cleaned_data["text"])
        if report.ok and request.POST.get("apply"):
            try:
                created = services.channel_import(
                    actor=request.user, channels=[row.channel for row in report.rows]
                )
            except IntegrityError:
                report.errors.append(
                    _(
                        "Another change registered one of these handles meanwhile; nothing was imported."
                    )
                )
            else:
                messages.success(
                    request, _("%(count)s channels imported.") % {"count": len(created)}
                )
                return redirect("channels_registry:index")
        payload = form.cleaned_data["text"] if report.ok else ""
        form = ImportForm(initial={"payload": payload})
    return render(
        request,
        "channels_registry/channel_import.html",
        {"form": form, "report": report, "columns": imports.COLUMNS},
    )


@login_required
def platform_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "channels_registry/platform_list.html",
        {"platforms": selectors.platform_catalogue(request.user)},
    )
