"""Apprise URLs: which are accepted, what of them may be shown, and sending through them.

Apprise reaches every chat service through one URL (`slack://…`, `workflow://…` for Microsoft
Teams, `mmost://…`, `matrix://…`, `discord://…`, `json://…`). The URL is a secret (it holds the
service's token), so it is never logged: Apprise and urllib3 log URLs at DEBUG, and their records
are dropped while a message is sent (a thread's flag, so other threads log as before); Apprise's
warnings are kept, with every part of the URL that could be a token blotted out, to explain a
failure in the outbox.

A target whose host the user chooses (Mattermost, Matrix, Teams workflows, a JSON receiver) is
refused when it resolves to a private, loopback or link-local address, as webhooks are, unless an
admin allows it. The check runs when the URL is saved and again before each message; Apprise
then connects by itself (DNS could answer differently in between: see the README).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import apprise
from django.utils.translation import gettext as _

from webhooks.network import RefusedAddress, UnresolvedHost, check_host

# Apprise's plugin module → the service's name. Only these are accepted.
SERVICES = {
    "apprise.plugins.slack": "Slack",
    "apprise.plugins.workflows": "Microsoft Teams",
    "apprise.plugins.mattermost": "Mattermost",
    "apprise.plugins.matrix.base": "Matrix",
    "apprise.plugins.discord": "Discord",
    "apprise.plugins.custom_json": "JSON",
}
# Whose host the URL names (self-hosted or any server): checked against private addresses.
USER_HOSTED = {
    "apprise.plugins.workflows",
    "apprise.plugins.mattermost",
    "apprise.plugins.matrix.base",
    "apprise.plugins.custom_json",
}
QUIET_LOGGERS = ("apprise", "urllib3.connectionpool", "urllib3.util.retry", "requests")


class RefusedChatURL(RefusedAddress):
    """Not a chat URL Gouvernail sends to (the message says why, shown to its owner)."""


class NotDelivered(Exception):
    """The chat service did not take the message (it may later)."""


@dataclass(frozen=True)
class ChatTarget:
    service: str  # SERVICES' name
    hint: str  # what may be shown of the URL
    plugin: object


def _hint(url: str, scheme: str, host: str | None, user_hosted: bool) -> str:
    """The scheme, the host of a self-hosted target, and the URL's last four characters."""
    shown = f"{scheme}://"
    if user_hosted and host:
        shown += f"{host}/"
    return f"{shown}…{url.rstrip('/')[-4:]}"


def parse(url: str) -> ChatTarget:
    """The target of an accepted URL; RefusedChatURL otherwise. Resolves nothing."""
    url = url.strip()
    with quiet():
        plugin = apprise.Apprise.instantiate(url) if url else None
    if plugin is None:
        raise RefusedChatURL(_("This is not a URL Apprise can send to."))
    module = type(plugin).__module__
    if module not in SERVICES:
        raise RefusedChatURL(
            _("Only Slack, Microsoft Teams, Mattermost, Matrix, Discord or JSON URLs are accepted.")
        )
    scheme = url.split("://", 1)[0].lower()
    host = getattr(plugin, "host", None)
    return ChatTarget(SERVICES[module], _hint(url, scheme, host, module in USER_HOSTED), plugin)


def check(target: ChatTarget, *, allow_private: bool) -> None:
    """RefusedAddress when a self-hosted target's host leads inside (UnresolvedHost: no address
    now); nothing for services whose host Apprise fixes (Slack, Discord)."""
    plugin = target.plugin
    if type(plugin).__module__ not in USER_HOSTED:
        return
    host = getattr(plugin, "host", None)
    if not host:
        raise RefusedChatURL(_("The URL has no host name."))
    port = getattr(plugin, "port", None) or (443 if getattr(plugin, "secure", True) else 80)
    check_host(host, int(port), allow_private=allow_private)


def validate(url: str, *, allow_private: bool) -> ChatTarget:
    """What a saved URL must pass: accepted by Apprise, a listed service, a host that may be
    reached (an unresolvable host is refused too)."""
    target = parse(url)
    check(target, allow_private=allow_private)
    return target


_state = threading.local()


class _Silence(logging.Filter):
    """Drops the records of this thread while it sends; keeps its warnings aside."""

    def filter(self, record: logging.LogRecord) -> bool:
        kept = getattr(_state, "kept", None)
        if kept is None:
            return True
        if record.levelno >= logging.WARNING:
            kept.append(record.getMessage())
        return False


_SILENCE = _Silence()
for _name in QUIET_LOGGERS:
    logging.getLogger(_name).addFilter(_SILENCE)


@contextmanager
def quiet() -> Iterator[list[str]]:
    """No record from Apprise, urllib3 or requests leaves this thread meanwhile; their warnings
    are collected in the list it gives."""
    previous = getattr(_state, "kept", None)
    _state.kept = kept = []
    try:
        yield kept
    finally:
        _state.kept = previous


def redact(text: str, url: str) -> str:
    """`text` with every piece of `url` that could be a secret (4 characters or more) blotted."""
    pieces = {p for p in re.split(r"[/:@?&=#.]+", url.split("://", 1)[-1]) if len(p) >= 4}
    for piece in sorted(pieces, key=len, reverse=True):
        text = text.replace(piece, "…")
    return text


def send(url: str, *, title: str, body: str, allow_private: bool) -> None:
    """Send one Markdown message: RefusedAddress (for good), UnresolvedHost or NotDelivered (try
    again later). Nothing it raises or logs holds the URL."""
    target = parse(url)
    check(target, allow_private=allow_private)
    with quiet() as warnings:
        try:
            accepted = target.plugin.notify(  # type: ignore[attr-defined]
                body=body, title=title, body_format=apprise.NotifyFormat.MARKDOWN
            )
        except Exception as error:  # an Apprise bug must not carry the URL out
            warnings.append(f"{type(error).__name__}: {error}")
            accepted = False
    if not accepted:
        reason = redact(" ".join(warnings[-2:]), url) or _("no reason given")
        raise NotDelivered(
            _("%(service)s did not accept the message: %(reason)s")
            % {"service": target.service, "reason": reason}
        )


__all__ = ["RefusedAddress", "UnresolvedHost"]
