"""The history table's TRUNCATE switch works only in a database Django's test runner made.

0004 let any session that says `SET gouvernail.allow_history_truncate = 'on'` empty the table;
the switch exists for the flush between transactional tests. It now also needs the database to
be a test database (Django names them `test_<name>`), so that no session of a real deployment
can turn the refusal off.
"""

from django.db import migrations

REPLACE = """
CREATE OR REPLACE FUNCTION accounts_objectchange_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_database() LIKE 'test\\_%%'
        AND current_setting('gouvernail.allow_history_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'history rows are immutable (% refused on accounts_objectchange)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

PREVIOUS = """
CREATE OR REPLACE FUNCTION accounts_objectchange_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('gouvernail.allow_history_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'history rows are immutable (% refused on accounts_objectchange)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REPLACE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS, params=None)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_history_refuses_truncate")]

    operations = [migrations.RunPython(forwards, backwards)]
