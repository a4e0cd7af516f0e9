"""The chat notification channel: a digest sent through the recipient's Apprise URL.

The digest's rows, claim, retries and records are governance.reminders.delivery's, as for
e-mail; this module finds the address (decrypting the URL) and renders and sends the message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _lazy

from accounts.encryption import decrypt
from governance.chat import targets
from governance.chat.models import ChatDestination
from governance.reminders.delivery import digest_sections, digest_title
from governance.reminders.notify import Digest, NotificationChannel

CHAT = "chat"


@dataclass(frozen=True)
class ChatAddress:
    url: str = field(repr=False)  # decrypted: never in a repr, a log or an error
    allow_private: bool = False


def address_of(user) -> ChatAddress | None:
    destination = ChatDestination.objects.filter(user=user, active=True).exclude(url="").first()
    if destination is None:
        return None
    return ChatAddress(decrypt(destination.url), destination.allow_private_network)


def render(digest: Digest) -> tuple[str, str]:
    """The message's title and Markdown body, in the digest's language."""
    with translation.override(digest.language):
        sections = digest_sections(digest.rows)
        title = digest_title(digest, sections)
        body = render_to_string(
            "governance/chat/digest.md",
            {"sections": sections, "base": settings.SITE_URL.rstrip("/")},
        )
    return title, body.strip()


def send(digest: Digest) -> None:
    """No database query: an error is the chat service's (or the URL's)."""
    title, body = render(digest)
    address: ChatAddress = digest.address
    targets.send(address.url, title=title, body=body, allow_private=address.allow_private)


def permanent(error: Exception) -> bool:
    """A URL that is refused stays refused; a host without an address may come back."""
    return isinstance(error, targets.RefusedAddress) and not isinstance(
        error, targets.UnresolvedHost
    )


CHAT_CHANNEL = NotificationChannel(
    CHAT, _lazy("Chat"), address_of=address_of, send=send, permanent=permanent
)
