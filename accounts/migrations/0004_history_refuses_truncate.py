"""On PostgreSQL, the database itself refuses TRUNCATE of the history table too.

The row triggers of 0003 do not fire on TRUNCATE; a statement trigger does, also when the table
is emptied through `TRUNCATE … CASCADE` of another one. A session that must empty it on purpose
says so first with `SET gouvernail.allow_history_truncate = 'on'`: only the test suite does
(config/settings/test.py), for the flush between transactional tests.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION accounts_objectchange_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('gouvernail.allow_history_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'history rows are immutable (% refused on accounts_objectchange)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_objectchange_refuse_truncate
    BEFORE TRUNCATE ON accounts_objectchange
    FOR EACH STATEMENT EXECUTE FUNCTION accounts_objectchange_refuse_truncate();
"""

DROP = """
DROP TRIGGER IF EXISTS accounts_objectchange_refuse_truncate ON accounts_objectchange;
DROP FUNCTION IF EXISTS accounts_objectchange_refuse_truncate();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_history_immutable_trigger")]

    operations = [migrations.RunPython(forwards, backwards)]
