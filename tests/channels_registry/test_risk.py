"""Each risk flag, on crafted data, computed by the database."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.choices import PersonStatus
from channels_registry.models import Channel
from channels_registry.risk import (
    RiskFlag,
    annotate_risks,
    filter_by_risk,
    risk_flags,
)
from tests.factories import ChannelFactory, PersonFactory
from tests.support.queries import exact_queries

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# Flags of the registry itself; the access register adds its own (tested with it).
REGISTRY_FLAGS = {
    "no_backup",
    "owner_gone",
    "two_factor_off",
    "two_factor_device",
    "personal_recovery_email",
    "stale_password",
    "dormant",
    "weak_second_factor",
    "recovery_phone_gone",
    "shared_without_vault",
    "no_url",
}
VAULT = "op://Social/Facebook main"


def _flags(channel) -> set[str]:
    annotated = annotate_risks(Channel.objects.filter(pk=channel.pk)).get()
    return {flag.key for flag in risk_flags if getattr(annotated, flag.field)} & REGISTRY_FLAGS


def test_a_well_kept_channel_has_no_flag():
    assert _flags(ChannelFactory()) == set()


@pytest.mark.parametrize(
    ("key", "make"),
    [
        ("no_backup", lambda: ChannelFactory(backup_owner=None)),
        (
            "owner_gone",
            lambda: ChannelFactory(
                business_owner=PersonFactory(status=PersonStatus.LEFT, end_date=TODAY)
            ),
        ),
        (
            "owner_gone",
            lambda: ChannelFactory(
                backup_owner=PersonFactory(status=PersonStatus.LEAVING, end_date=TODAY)
            ),
        ),
        (
            "two_factor_off",
            lambda: ChannelFactory(
                two_factor_status="off", two_factor_method="", two_factor_holder=None
            ),
        ),
        (
            "two_factor_off",
            lambda: ChannelFactory(
                two_factor_status="unknown", two_factor_method="", two_factor_holder=None
            ),
        ),
        ("two_factor_device", lambda: ChannelFactory(two_factor_holder=None)),
        (
            "two_factor_device",
            lambda: ChannelFactory(
                two_factor_holder=PersonFactory(status=PersonStatus.LEFT, end_date=TODAY)
            ),
        ),
        ("personal_recovery_email", lambda: ChannelFactory(recovery_email="acme.social@gmail.com")),
        (
            "stale_password",
            lambda: ChannelFactory(
                login_model="shared",
                credentials_vault_ref=VAULT,
                password_rotated_on=TODAY - dt.timedelta(days=91),
            ),
        ),
        ("stale_password", lambda: ChannelFactory(login_model="shared", password_rotated_on=None)),
        (
            "dormant",
            lambda: ChannelFactory(status="dormant", dormant_since=TODAY - dt.timedelta(days=181)),
        ),
        ("weak_second_factor", lambda: ChannelFactory(two_factor_method="sms")),
        ("weak_second_factor", lambda: ChannelFactory(two_factor_method="email")),
        (
            "recovery_phone_gone",
            lambda: ChannelFactory(
                recovery_phone_holder=PersonFactory(status=PersonStatus.LEFT, end_date=TODAY)
            ),
        ),
        (
            "recovery_phone_gone",
            lambda: ChannelFactory(
                recovery_phone_holder=PersonFactory(status=PersonStatus.LEAVING, end_date=TODAY)
            ),
        ),
        (
            "shared_without_vault",
            lambda: ChannelFactory(login_model="shared", password_rotated_on=TODAY),
        ),
    ],
)
def test_each_flag_is_raised_on_its_case(key, make):
    channel = make()
    assert key in _flags(channel)
    assert list(filter_by_risk(Channel.objects.all(), key)) == [channel]


@pytest.mark.parametrize(
    "make",
    [
        lambda: ChannelFactory(
            login_model="shared",
            credentials_vault_ref=VAULT,
            password_rotated_on=TODAY - dt.timedelta(days=30),
        ),
        lambda: ChannelFactory(status="dormant", dormant_since=TODAY - dt.timedelta(days=20)),
        lambda: ChannelFactory(recovery_email="Social@EXAMPLE.org"),
        lambda: ChannelFactory(two_factor_status="off", status="planned", backup_owner=None),
        lambda: ChannelFactory(two_factor_status="off", status="archived", backup_owner=None),
    ],
)
def test_no_flag_below_the_thresholds_or_on_channels_that_do_not_exist(make):
    assert _flags(make()) == set()


def test_rotation_period_and_domains_are_settings(settings):
    settings.PASSWORD_ROTATION_DAYS = 10
    settings.ORGANISATION_EMAIL_DOMAINS = ["acme.example"]
    channel = ChannelFactory(
        login_model="shared",
        credentials_vault_ref=VAULT,
        password_rotated_on=TODAY - dt.timedelta(days=11),
    )
    assert _flags(channel) == {"stale_password", "personal_recovery_email"}


def test_flags_are_one_query_whatever_the_number_of_channels():
    ChannelFactory.create_batch(5, backup_owner=None)
    with exact_queries(1, what="the flags of 5 channels"):
        list(annotate_risks(Channel.objects.all()))
    ChannelFactory.create_batch(20, two_factor_status="off")
    with exact_queries(1, what="the flags of 25 channels"):
        rows = list(annotate_risks(Channel.objects.all()).order_by("-risk_count"))
    assert rows[0].risk_count >= 1


def test_a_new_flag_is_one_entry():
    from django.db.models import Q

    flag = RiskFlag(
        "no_url", "No URL", "The channel has no URL.", "Add its URL.", lambda today: Q(url="")
    )
    with risk_flags.registered(flag):
        channel = ChannelFactory(url="")
        assert "no_url" in _flags(channel)
    assert "no_url" not in risk_flags


def test_a_flag_registered_twice_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="risk flags: 'no_backup' is registered twice"):
        risk_flags.register(risk_flags.get("no_backup"))


@pytest.mark.parametrize(
    "make",
    [
        lambda: ChannelFactory(two_factor_method="app"),
        lambda: ChannelFactory(two_factor_method="security_key"),
        lambda: ChannelFactory(recovery_phone_holder=PersonFactory(status=PersonStatus.ACTIVE)),
        lambda: ChannelFactory(recovery_phone_holder=None),
        lambda: ChannelFactory(
            login_model="shared", credentials_vault_ref=VAULT, password_rotated_on=TODAY
        ),
        lambda: ChannelFactory(login_model="individual", credentials_vault_ref=""),
        # The same postures on a channel that is not live on the platform carry no risk.
        lambda: ChannelFactory(status="planned", two_factor_method="sms"),
        lambda: ChannelFactory(
            status="archived",
            login_model="shared",
            password_rotated_on=TODAY,
            recovery_phone_holder=PersonFactory(status=PersonStatus.LEFT, end_date=TODAY),
        ),
    ],
)
def test_weak_factor_leaver_phone_and_vault_flags_stay_down_on_safe_postures(make):
    assert _flags(make()) == set()


NEW_FLAGS = ("weak_second_factor", "recovery_phone_gone", "shared_without_vault")


def test_the_new_flags_say_why_and_what_to_do_on_the_channel_page(client, personas):
    channel = ChannelFactory(
        two_factor_method="sms",
        login_model="shared",
        password_rotated_on=TODAY,
        recovery_phone_holder=PersonFactory(status=PersonStatus.LEAVING, end_date=TODAY),
    )
    flags = {flag.key: flag for flag in risk_flags}
    client.force_login(personas.lead)
    page = client.get(reverse("channels_registry:detail", args=[channel.pk])).content.decode()
    for key in NEW_FLAGS:
        flag = flags[key]
        assert flag.explanation and flag.remedy and str(flag.remedy) != str(flag.explanation)
        for words in (flag.label, flag.explanation, flag.remedy):
            assert escape(str(words)) in page, (key, words)


def test_the_dashboard_and_the_filtered_list_count_the_new_flags(client, personas):
    ChannelFactory.create_batch(2, two_factor_method="email")
    ChannelFactory(recovery_phone_holder=PersonFactory(status=PersonStatus.LEFT, end_date=TODAY))
    ChannelFactory.create_batch(3, login_model="shared", password_rotated_on=TODAY)
    client.force_login(personas.lead)
    home = client.get(reverse("home"))
    risk = next(data for panel, data in home.context["panels"] if panel.key == "risk")
    rows = {label: count for label, count, *_ in risk["rows"]}
    assert rows["SMS or e-mail as second factor"] == 2
    assert rows["Recovery phone held by a leaver"] == 1
    assert rows["Shared login outside the vault"] == 3
    listed = client.get(reverse("channels_registry:index"), {"risk": "shared_without_vault"})
    assert listed.status_code == 200
    assert len(listed.context["page"].object_list) == 3
