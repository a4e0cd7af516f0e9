"""The default audit criteria; leads change weights and add their own afterwards."""

from django.db import migrations

CRITERIA = (
    ("Branding consistency", "Names, images, bios and tone match the brand on every channel.", 1),
    ("Posting cadence", "Posts come regularly, at the rhythm the platform's audience expects.", 1),
    ("Content quality and reuse", "Content is useful, well made, and adapted when reused.", 2),
    ("Engagement", "People react, comment and share in proportion to the audience.", 2),
    ("Responsiveness", "Questions and complaints get an answer within 24 hours.", 2),
    ("Community management", "Moderation follows the guidelines; the community is looked after.", 1),
    ("Security posture", "Two-factor, shared mailbox recovery, no shared passwords, a backup owner.", 2),
    ("Fit with objectives", "The channel serves one of the organisation's objectives.", 3),
    ("Accessibility of content", "Alt text, captions, readable contrast, plain language.", 1),
)


def seed(apps, schema_editor):
    Criterion = apps.get_model("audits", "Criterion")
    for order, (name, description, weight) in enumerate(CRITERIA, start=1):
        Criterion.objects.get_or_create(
            name=name, defaults={"description": description, "weight": weight, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
