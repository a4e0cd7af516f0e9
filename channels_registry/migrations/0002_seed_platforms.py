"""Seed the platforms and the roles each one names, as the platforms themselves name them."""

from django.db import migrations

A, P, M, AD, AN = "admin", "publish", "moderate", "advertise", "analyse"

META_ROLES = [
    ("Full control (admin)", A, "Meta Business: everything, including people and permissions."),
    ("Partial access: content", P, "Create, manage or delete content."),
    ("Partial access: messages", M, "Reply to messages and comments as the account."),
    ("Partial access: community activity", M, "Review and respond to comments, moderate and ban."),
    ("Partial access: ads", AD, "Create, manage and delete ads."),
    ("Partial access: insights", AN, "See performance and audience insights."),
]

PLATFORMS = [
    ("Facebook", "facebook", "social_network", "facebook.com, fb.com, fb.me", META_ROLES),
    ("Instagram", "instagram", "social_network", "instagram.com, instagr.am", META_ROLES),
    (
        "LinkedIn Page",
        "linkedin",
        "professional",
        "linkedin.com, lnkd.in",
        [
            ("Super admin", A, "Edit the page and manage all admins."),
            ("Content admin", P, "Post, edit the page and manage content."),
            ("Curator", M, "Recommend content to employees and see analytics."),
            ("Analyst", AN, "See analytics only."),
            ("Sponsored content poster", AD, "Sponsor the page's posts through an ad account."),
            ("Lead gen forms manager", AD, "Download leads from lead generation forms."),
        ],
    ),
    (
        "YouTube",
        "youtube",
        "video",
        "youtube.com, youtu.be",
        [
            ("Owner", A, "Full control, including permissions and deleting the channel."),
            ("Manager", A, "Add or remove people and edit everything but the channel's deletion."),
            ("Editor", P, "Edit and publish videos and channel details."),
            ("Editor (limited)", P, "Edit videos without access to revenue data."),
            ("Subtitle editor", P, "Create and edit subtitles."),
            ("Viewer", AN, "See everything in YouTube Studio without editing."),
            ("Viewer (limited)", AN, "See the channel without revenue data."),
        ],
    ),
    (
        "TikTok",
        "tiktok",
        "video",
        "tiktok.com",
        [
            ("Admin", A, "TikTok Business Center: manage members, assets and finances."),
            ("Operator", P, "Manage and publish on the assets assigned."),
            ("Analyst", AN, "View the data of the assets assigned."),
        ],
    ),
    (
        "X",
        "x",
        "social_network",
        "x.com, twitter.com, t.co",
        [
            ("Admin", A, "X Teams: full access to the account and its team."),
            ("Contributor", P, "Post and engage on behalf of the account."),
            ("Ad manager", AD, "Create and manage campaigns in X Ads."),
            ("Analyst", AN, "View analytics."),
        ],
    ),
    (
        "Pinterest",
        "pinterest",
        "social_network",
        "pinterest.com, pinterest.fr, pinterest.co.uk, pin.it",
        [
            ("Admin", A, "Business access: manage the account, people and ads."),
            ("Audience", P, "Create and edit Pins and boards."),
            ("Campaign manager", AD, "Create and manage ad campaigns."),
            ("Analyst", AN, "View analytics and reports."),
            ("Finance manager", AD, "Manage billing."),
        ],
    ),
    (
        "Snapchat",
        "snapchat",
        "social_network",
        "snapchat.com",
        [
            ("Organization admin", A, "Business Manager: manage members and ad accounts."),
            ("Public profile admin", A, "Manage the public profile and its members."),
            ("Public profile collaborator", P, "Post to the public profile."),
            ("Account manager", AD, "Manage the ad account's campaigns."),
            ("Creative manager", P, "Manage creatives."),
            ("Reports viewer", AN, "View reports."),
        ],
    ),
    (
        "WhatsApp Business",
        "whatsapp-business",
        "messaging",
        "wa.me, whatsapp.com",
        [
            ("Full control (admin)", A, "Meta Business: manage the WhatsApp account and its people."),
            ("Partial access: messages", M, "Send and answer messages."),
            ("Partial access: message templates", P, "Create and edit message templates."),
            ("Partial access: insights", AN, "View analytics."),
        ],
    ),
    (
        "Threads",
        "threads",
        "social_network",
        "threads.net, threads.com",
        [
            ("Full control (admin)", A, "Through the Instagram account in Meta Business."),
            ("Partial access: content", P, "Post and reply."),
            ("Partial access: insights", AN, "View insights."),
        ],
    ),
    (
        "Bluesky",
        "bluesky",
        "social_network",
        "bsky.app, bsky.social",
        [
            ("Account holder", A, "Holds the account's main password."),
            ("App password holder", P, "Posts through an app password or a publishing tool."),
        ],
    ),
    (
        "Mastodon",
        "mastodon",
        "social_network",
        "",
        [
            ("Account owner", A, "Holds the account's login on its server."),
            ("Application token holder", P, "Posts through an authorised application."),
        ],
    ),
    (
        "Blog / website",
        "blog",
        "owned",
        "",
        [
            ("Administrator", A, "WordPress: everything, including users and plugins."),
            ("Editor", P, "Publish and manage everyone's posts."),
            ("Author", P, "Publish and manage their own posts."),
            ("Contributor", P, "Write posts that others publish."),
            ("Analytics viewer", AN, "View the site's analytics."),
        ],
    ),
]


def seed(apps, schema_editor):
    Platform = apps.get_model("channels_registry", "Platform")
    PlatformRole = apps.get_model("channels_registry", "PlatformRole")
    for name, slug, category, domains, roles in PLATFORMS:
        platform, _ = Platform.objects.get_or_create(
            slug=slug, defaults={"name": name, "category": category, "domains": domains}
        )
        for order, (role, level, description) in enumerate(roles, start=1):
            PlatformRole.objects.get_or_create(
                platform=platform,
                name=role,
                defaults={"privilege_level": level, "order": order, "description": description},
            )


def unseed(apps, schema_editor):
    Platform = apps.get_model("channels_registry", "Platform")
    PlatformRole = apps.get_model("channels_registry", "PlatformRole")
    slugs = [p[1] for p in PLATFORMS]
    PlatformRole.objects.filter(platform__slug__in=slugs).delete()
    Platform.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("channels_registry", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
