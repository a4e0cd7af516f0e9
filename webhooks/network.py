"""Outbound requests that cannot be turned against the inside (SSRF).

The host is resolved once; every address it resolves to must be public (not private, loopback,
link-local, multicast, reserved, unspecified, shared or documentation space, in IPv4 or IPv6,
IPv4-mapped included) unless the endpoint's admin-only flag allows them; the connection then goes
to the address that was checked, so a DNS answer that changes between the check and the connect
(DNS rebinding) is never used. The Host header and TLS's server name stay the URL's. Redirects are
not followed (http.client does not follow them) and every request has a timeout.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedAddress(Exception):
    """The URL leads where webhooks may not go; the message says why (shown to admins)."""


class UnresolvedHost(RefusedAddress):
    """The host has no address now: refused when an endpoint is saved, tried again later when
    a delivery is sent (DNS may come back)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str  # the checked IP the connection goes to


def is_public(ip: IPAddress) -> bool:
    """Whether `ip` is on the public Internet."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return is_public(ip.ipv4_mapped)
    return ip.is_global and not (
        ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local or ip.is_private
    )


def resolve(url: str, *, allow_private: bool = False) -> Target:
    """The URL's target with the one address to connect to; RefusedAddress if it may not be."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedAddress(_("Only http and https URLs with a host name are accepted."))
    if parts.username or parts.password:
        raise RefusedAddress(_("A webhook URL may not carry a user name or password."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise RefusedAddress(_("The URL's port is not a number between 0 and 65535.")) from None
    address = check_host(parts.hostname, port, allow_private=allow_private)
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return Target(parts.scheme, parts.hostname, port, path, address)


def check_host(host: str, port: int, *, allow_private: bool = False) -> str:
    """The first address `host` resolves to, when every one is public (or `allow_private`);
    RefusedAddress otherwise, UnresolvedHost when it has none now. Chat targets share it."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnresolvedHost(_("The host %(host)s cannot be resolved.") % {"host": host}) from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    if not addresses:
        raise UnresolvedHost(_("The host %(host)s has no address.") % {"host": host})
    if not allow_private:
        # Every address must be public: a name that also resolves inside is refused as a whole.
        for address in addresses:
            if not is_public(ipaddress.ip_address(address.split("%")[0])):
                raise RefusedAddress(
                    _(
                        "%(host)s resolves to %(address)s, a private, loopback, link-local or "
                        "reserved address; only an admin may allow such addresses."
                    )
                    % {"host": host, "address": address}
                )
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float):
        self.tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self.tls)
        self.address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        # The certificate is checked against the URL's host name, not the address.
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class Answer:
    status: int
    excerpt: str


def post(target: Target, *, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
    """POST `body` to the checked address of `target`; the answer's status and its first
    characters. Network errors propagate (OSError, http.client.HTTPException)."""
    kind = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    connection = kind(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(2000).decode("utf-8", errors="replace")
        return Answer(response.status, excerpt[:300])
    finally:
        connection.close()
