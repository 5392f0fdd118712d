"""On PostgreSQL, an index of the people each list-read names (``changes["participants"]``), so
that the reads naming one person are found without reading the whole trail: by the log review,
and by the person themselves in their own space. SQLite has no index of JSON contents; there
the reads are bounded by time instead."""

from django.db import migrations

INDEX = "audit_listed_participants_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON audit_auditentry "
            "USING gin ((changes -> 'participants') jsonb_path_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0011_sign_in_and_participant_events")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
