"""The audit log keeps only the indexes its reads use (see ``AuditEvent``): the single
indexes on the type and id (the composite one covers them) and every ``_like`` pattern
index go; the action keeps a plain index.

The old indexes are dropped by name, the names the first migration gave them, rather
than by altering the fields: on SQLite that would copy the whole log three times over."""

from django.db import migrations, models

# (index, column) as 0001 created them; PostgreSQL also has each with "_like".
OLD = [
    ("core_auditevent_action_b3c9b7a8", "action"),
    ("core_auditevent_object_type_e0bee35e", "object_type"),
    ("core_auditevent_object_id_096dfe0c", "object_id"),
]


def drop_old(apps, schema_editor):
    for name, _column in OLD:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}_like"')


def restore_old(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, column in OLD:
        schema_editor.execute(f'CREATE INDEX "{name}" ON "core_auditevent" ("{column}")')
        if postgres:
            schema_editor.execute(
                f'CREATE INDEX "{name}_like" ON "core_auditevent" ("{column}" varchar_pattern_ops)'
            )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_worker_heartbeat"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="action",
                    field=models.CharField(max_length=80),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="object_id",
                    field=models.CharField(max_length=40),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="object_type",
                    field=models.CharField(max_length=80),
                ),
            ],
            database_operations=[migrations.RunPython(drop_old, restore_old)],
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["action"], name="core_audit_action_idx"),
        ),
    ]
