"""The roles the platforms' APIs name that the first seed lacked, so that what a connector
reads matches a PlatformRole by name: LinkedIn's recruiting poster and lead capture
administrator (organizationAcls), Pinterest's publisher and catalogs manager (business access).
Pinterest's "Audience" is its audience manager, an advertising role: its description and
privilege level said otherwise."""

from django.db import migrations

P, AD = "publish", "advertise"
ROLES = {
    "linkedin": [
        ("Recruiting poster", P, "Post jobs as the page."),
        ("Lead capture administrator", AD, "Manage the page's landing pages."),
    ],
    "pinterest": [
        ("Publisher", P, "Create, edit and schedule Pins and boards on the profile."),
        ("Catalogs manager", AD, "Create and edit catalogs and product groups."),
    ],
}


def seed(apps, schema_editor):
    Platform = apps.get_model("channels_registry", "Platform")
    PlatformRole = apps.get_model("channels_registry", "PlatformRole")
    for slug, roles in ROLES.items():
        platform = Platform.objects.filter(slug=slug).first()
        if platform is None:
            continue
        order = PlatformRole.objects.filter(platform=platform).count()
        for offset, (name, level, description) in enumerate(roles, start=1):
            PlatformRole.objects.get_or_create(
                platform=platform,
                name=name,
                defaults={"privilege_level": level, "order": order + offset, "description": description},
            )
    PlatformRole.objects.filter(platform__slug="pinterest", name="Audience").update(
        privilege_level=AD, description="Create and edit audiences for ads; view reporting."
    )


class Migration(migrations.Migration):
    dependencies = [("channels_registry", "0003_risk_snapshots")]

    # Going back leaves the roles: grants may name them.
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
