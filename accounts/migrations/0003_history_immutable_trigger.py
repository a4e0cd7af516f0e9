"""On PostgreSQL, the database itself refuses UPDATE and DELETE on history rows."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION accounts_objectchange_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'history rows are immutable (% refused on accounts_objectchange)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_objectchange_immutable
    BEFORE UPDATE OR DELETE ON accounts_objectchange
    FOR EACH ROW EXECUTE FUNCTION accounts_objectchange_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS accounts_objectchange_immutable ON accounts_objectchange;
DROP FUNCTION IF EXISTS accounts_objectchange_immutable();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_role_groups")]

    operations = [migrations.RunPython(forwards, backwards)]
