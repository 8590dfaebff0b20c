"""Entries for members and staff beside the public's: each entry says which audiences
(public 0, committee members 1, staff 2) read the record as it has it. The columns are
added in place on both databases (on SQLite Django would remake the table, dropping the
triggers that keep the FTS5 table in step); existing entries were built for the public
and everyone reads them, 0 to 2, until the index is rebuilt."""

from django.db import migrations, models

ADD = [
    "ALTER TABLE search_searchentry ADD COLUMN audience_from smallint NOT NULL DEFAULT 0 CHECK (audience_from >= 0)",
    "ALTER TABLE search_searchentry ADD COLUMN audience_to smallint NOT NULL DEFAULT 2 CHECK (audience_to >= 0)",
]
DROP = [
    "ALTER TABLE search_searchentry DROP COLUMN audience_to",
    "ALTER TABLE search_searchentry DROP COLUMN audience_from",
]
AUDIENCES = [
    (0, "The public"),
    (1, "Members of the committee"),
    (2, "Scrutiny officers and clerks"),
]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_entry_dated_required")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="audience_from",
                    field=models.PositiveSmallIntegerField(choices=AUDIENCES, default=0),
                ),
                migrations.AddField(
                    model_name="searchentry",
                    name="audience_to",
                    field=models.PositiveSmallIntegerField(choices=AUDIENCES, default=2),
                ),
            ],
            database_operations=[migrations.RunSQL(ADD, DROP)],
        )
    ]
