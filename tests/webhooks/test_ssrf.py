"""Webhooks cannot reach inside (SSRF): private, loopback, link-local, multicast and reserved
addresses, IPv4 and IPv6, are refused when an endpoint is saved and when a delivery is sent,
unless an admin allows them for that endpoint; the connection goes to the address checked."""

from __future__ import annotations

import socket

import pytest
from django.core.exceptions import ValidationError

from governance import services as governance
from tests.factories import ChannelFactory, PersonFactory, role
from tests.webhooks.conftest import make_endpoint
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db(transaction=True)

INSIDE = [
    "http://127.0.0.1/hooks",
    "http://localhost:8000/hooks",
    "http://10.0.0.8/hooks",
    "http://172.16.3.4/hooks",
    "http://192.168.1.1/hooks",
    "http://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
    "http://100.64.0.1/",  # shared address space
    "http://0.0.0.0/",
    "http://224.0.0.1/",  # multicast
    "http://240.0.0.1/",  # reserved
    "http://[::1]/hooks",
    "http://[fe80::1]/hooks",
    "http://[fc00::1]/hooks",
    "http://[::ffff:127.0.0.1]/hooks",  # IPv4-mapped loopback
    "http://[ff02::1]/hooks",
]


@pytest.mark.parametrize("url", INSIDE)
def test_saving_an_endpoint_inside_is_refused(personas, url):
    with pytest.raises(ValidationError) as error:
        make_endpoint(personas.admin, url, allow_private_network=False)
    assert "url" in error.value.message_dict


def test_only_http_and_https_without_credentials(personas):
    for url in ("ftp://example.org/", "http://user:pw@example.org/", "file:///etc/passwd"):
        with pytest.raises(ValidationError):
            make_endpoint(personas.admin, url, allow_private_network=True)


class FakeDNS:
    """The resolver's answers for one test host (the standard library's, replaced for it)."""

    def __init__(self, monkeypatch, address: str):
        self.address = address
        real = socket.getaddrinfo

        def getaddrinfo(host, port, *args, **kwargs):
            if host == "hooks.example.test":
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (self.address, port))]
            return real(host, port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def _grant(personas):
    governance.grant_create(
        actor=personas.lead,
        channel=ChannelFactory(),
        person=PersonFactory(),
        role=role("facebook", "publish"),
        justification="Posts the news",
    )


def test_a_name_that_resolves_inside_when_sending_is_refused_and_the_reason_shown(
    personas, receiver, monkeypatch
):
    dns = FakeDNS(monkeypatch, "93.184.215.14")  # public when the endpoint is saved
    make_endpoint(
        personas.admin, f"http://hooks.example.test:{receiver.port}/", allow_private_network=False
    )
    dns.address = "127.0.0.1"  # rebound to the inside before the event is sent
    _grant(personas)
    row = WebhookDelivery.objects.get()
    assert row.state == "failed" and "127.0.0.1" in row.last_error
    assert receiver.received == []


def test_an_admin_may_allow_an_internal_endpoint_and_the_request_goes_to_the_address_checked(
    personas, receiver, monkeypatch
):
    FakeDNS(monkeypatch, "127.0.0.1")
    make_endpoint(
        personas.admin, f"http://hooks.example.test:{receiver.port}/in", allow_private_network=True
    )
    _grant(personas)
    [request] = receiver.received
    # Connected to the resolved address, the URL's host name kept in the Host header.
    assert request.headers["Host"] == f"hooks.example.test:{receiver.port}"
    assert WebhookDelivery.objects.get().state == "sent"
