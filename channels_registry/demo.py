"""Demo channels: spread across the platforms, with the flags real registries show."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.choices import PersonStatus
from accounts.demo import Organisation
from channels_registry.choices import (
    ChannelKind,
    ChannelStatus,
    LoginModel,
    TwoFactorMethod,
    TwoFactorStatus,
)
from channels_registry.models import Channel, Platform, RiskSnapshot
from channels_registry.risk import risk_counts
from channels_registry.services import risk_snapshot_take

# (handle part, English, French): the market a channel speaks to.
MARKETS = (
    ("fr", "FR", "FR"),
    ("be", "BE", "BE"),
    ("ch", "CH", "CH"),
    ("ca", "CA", "CA"),
    ("uk", "UK", "UK"),
    ("de", "DE", "DE"),
    ("es", "ES", "ES"),
    ("it", "IT", "IT"),
    ("corporate", "Corporate", "Groupe"),
    ("careers", "Careers", "Recrutement"),
    ("support", "Support", "Service client"),
    ("events", "Events", "Événements"),
)
# Platforms the demo's evaluations (audits.demo) hold back: "not now" on Threads keeps its
# handles reserved, "retire" on X leaves its channels dormant. None of them is active.
HELD_BACK = {"threads": ChannelStatus.RESERVED, "x": ChannelStatus.DORMANT}
KINDS = {
    "facebook": ChannelKind.PAGE,
    "instagram": ChannelKind.BUSINESS_ACCOUNT,
    "linkedin": ChannelKind.PAGE,
    "youtube": ChannelKind.CHANNEL,
    "whatsapp-business": ChannelKind.BUSINESS_ACCOUNT,
    "blog": ChannelKind.SITE,
}
URLS = {
    "facebook": "https://www.facebook.com/{h}",
    "instagram": "https://www.instagram.com/{h}",
    "linkedin": "https://www.linkedin.com/company/{h}",
    "youtube": "https://www.youtube.com/@{h}",
    "tiktok": "https://www.tiktok.com/@{h}",
    "x": "https://x.com/{h}",
    "pinterest": "https://www.pinterest.com/{h}",
    "snapchat": "https://www.snapchat.com/add/{h}",
    "whatsapp-business": "https://wa.me/{h}",
    "threads": "https://www.threads.net/@{h}",
    "bluesky": "https://bsky.app/profile/{h}.bsky.social",
    "mastodon": "https://mastodon.social/@{h}",
    "blog": "https://blog.demo.gouvernail.test/{h}",
}


def build_channels(org: Organisation, rng: random.Random) -> None:
    """Add channels up to the organisation's size; existing ones are kept."""
    existing = Channel.objects.count()
    wanted = org.size.channels
    if existing >= wanted:
        return
    platforms = list(Platform.objects.order_by("name"))
    if not platforms:
        return
    today = timezone.localdate()
    active = [p for p in org.people if p.status == PersonStatus.ACTIVE and p.partner_id is None]
    gone = [p for p in org.people if p.status != PersonStatus.ACTIVE]
    owner = next(p for p in org.people if p.email == "owner@demo.gouvernail.test")
    member = next(p for p in org.people if p.email == "member@demo.gouvernail.test")
    channels = []
    for index in range(existing, wanted):
        platform = platforms[index % len(platforms)]
        key, *names = MARKETS[(index // len(platforms)) % len(MARKETS)]
        market = org.text(*names)
        handle = f"acme{key}{index:03d}"
        business_owner = owner if index % 7 == 0 else active[index % len(active)]
        if index % 13 == 5 and gone:
            business_owner = gone[index % len(gone)]
        backup = None if index % 5 == 1 else active[(index * 3 + 1) % len(active)]
        if index % 7 == 0:
            backup = member
        if backup == business_owner:
            backup = None
        status = ChannelStatus.ACTIVE
        if index % 11 == 3:
            status = ChannelStatus.DORMANT
        elif index % 17 == 8:
            status = ChannelStatus.RESERVED
        elif index % 19 == 10:
            status = ChannelStatus.PLANNED
        status = HELD_BACK.get(platform.slug, status)
        shared = index % 4 == 2
        two_factor = TwoFactorStatus.ON
        if index % 6 == 4:
            two_factor = TwoFactorStatus.OFF
        elif index % 9 == 7:
            two_factor = TwoFactorStatus.UNKNOWN
        channels.append(
            Channel(
                platform=platform,
                name=f"Acme {market} — {platform.name}",
                handle=handle,
                url=URLS.get(platform.slug, "https://{h}.example.org").format(h=handle),
                kind=KINDS.get(platform.slug, ChannelKind.PROFILE),
                status=status,
                team=org.teams[index % len(org.teams)],
                business_owner=business_owner,
                backup_owner=backup,
                purpose=org.text(
                    f"Acme's voice for {market} on {platform.name}.",
                    f"La voix d'Acme pour {market} sur {platform.name}.",
                ),
                audience=org.text("Customers and prospects", "Clients et prospects")
                if index % 3
                else org.text("Candidates and employees", "Candidats et salariés"),
                language_region=market,
                dormant_since=today - dt.timedelta(days=rng.randint(30, 400))
                if status == ChannelStatus.DORMANT
                else None,
                two_factor_status=two_factor,
                two_factor_method=rng.choice(list(TwoFactorMethod))
                if two_factor == TwoFactorStatus.ON
                else "",
                two_factor_holder=(None if index % 10 == 3 else business_owner)
                if two_factor == TwoFactorStatus.ON
                else None,
                recovery_email=(
                    f"{handle}@gmail.com" if index % 8 == 6 else "social@demo.gouvernail.test"
                ),
                recovery_phone_holder=business_owner if index % 2 else None,
                login_model=LoginModel.SHARED if shared else LoginModel.INDIVIDUAL,
                credentials_vault_ref=f"op://Social/{platform.name} {market}" if shared else "",
                password_rotated_on=today - dt.timedelta(days=rng.randint(5, 200))
                if shared
                else None,
                verified=index % 3 == 0,
            )
        )
    Channel.objects.bulk_create(channels, batch_size=500)


def build_risk_history(org: Organisation, rng: random.Random) -> None:
    """Sixty days of daily risk snapshots, improving slowly towards today's counts (once)."""
    if RiskSnapshot.objects.exists():
        return
    today = timezone.localdate()
    counts = risk_counts(Channel.objects.all(), today=today)
    rows = []
    for days_ago in range(60, 0, -1):
        worse = 1 + days_ago / 120
        for flag, count in counts.items():
            noisy = round(count * worse * rng.uniform(0.95, 1.05))
            rows.append(
                RiskSnapshot(day=today - dt.timedelta(days=days_ago), flag=flag, count=noisy)
            )
    RiskSnapshot.objects.bulk_create(rows, batch_size=2000)
    risk_snapshot_take(day=today)
