from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def date_the_positions_given(apps, schema_editor):
    """A service's position already recorded takes the date of the newest update that gave it."""
    Recommendation = apps.get_model("reviews", "Recommendation")
    ProgressUpdate = apps.get_model("reviews", "ProgressUpdate")
    giving = ProgressUpdate.objects.filter(
        recommendation_id=OuterRef("pk"), proposed_status_id=OuterRef("proposed_status_id")
    ).order_by("-as_of", "-pk")
    Recommendation.objects.filter(proposed_status__isnull=False).update(
        proposed_on=Subquery(giving.values("as_of")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0004_upload_limit_on_stored_files")]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="proposed_on",
            field=models.DateField(
                blank=True,
                help_text="The date of the update that gave the service's position.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="recommendation",
            name="proposed_status",
            field=models.ForeignKey(
                blank=True,
                help_text="The service's position: the status its owner's latest update gives, "
                "until the committee agrees a status.",
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="reviews.status",
            ),
        ),
        migrations.RunPython(date_the_positions_given, migrations.RunPython.noop),
    ]
