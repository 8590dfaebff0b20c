"""Each action stores its item's meeting and committee, filled in for existing rows."""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
UPDATE committees_action SET
    meeting_id = (
        SELECT item.meeting_id FROM committees_agendaitem item
        WHERE item.id = committees_action.item_id
    ),
    committee_id = (
        SELECT meeting.committee_id
        FROM committees_agendaitem item
        JOIN committees_meeting meeting ON meeting.id = item.meeting_id
        WHERE item.id = committees_action.item_id
    )
"""


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0003_action_historic_and_record_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="meeting",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="actions",
                to="committees.meeting",
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="committee",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="actions",
                to="committees.committee",
            ),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop, elidable=True),
    ]
