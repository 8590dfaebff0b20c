"""Every entry is dated (a meeting's day, or the day of a review's record), and the search
takes the newest matches by that date. On PostgreSQL the column becomes NOT NULL in place;
on SQLite the column is left as it is, because altering it remakes the table, which would
drop the triggers that keep the FTS5 table in step."""

from django.db import migrations, models


def _set_not_null(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry ALTER COLUMN dated SET NOT NULL")


def _drop_not_null(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry ALTER COLUMN dated DROP NOT NULL")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchentry",
                    name="dated",
                    field=models.DateField(),
                )
            ],
            database_operations=[migrations.RunPython(_set_not_null, _drop_not_null)],
        )
    ]
