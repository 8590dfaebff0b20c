"""Every action has its meeting and committee (a migration of its own: PostgreSQL alters a
table only once the backfill's transaction is over), with the committee indexed with the
status and closing date for the action log and matters arising; and the items that are
not public, for the actions' visibility rule."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0004_action_meeting_and_committee"),
    ]

    operations = [
        migrations.AlterField(
            model_name="action",
            name="meeting",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="actions",
                to="committees.meeting",
            ),
        ),
        migrations.AlterField(
            model_name="action",
            name="committee",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="actions",
                to="committees.committee",
            ),
        ),
        migrations.AddIndex(
            model_name="agendaitem",
            index=models.Index(
                condition=models.Q(("visibility", "public"), _negated=True),
                fields=["id"],
                name="agendaitem_not_public",
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                fields=["committee", "status", "closed_on"], name="action_committee_status"
            ),
        ),
    ]
