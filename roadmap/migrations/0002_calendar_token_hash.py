"""Calendar feed addresses are stored as hashes; the address is shown once, when it is made."""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    CalendarToken = apps.get_model("roadmap", "CalendarToken")
    for token in CalendarToken.objects.all():
        token.token_hash = hashlib.sha256(token.token_hash.encode()).hexdigest()
        token.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0001_initial")]

    operations = [
        migrations.RenameField(model_name="calendartoken", old_name="token", new_name="token_hash"),
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="calendartoken",
            name="token_hash",
            field=models.CharField(max_length=64, unique=True, verbose_name="token hash"),
        ),
    ]
