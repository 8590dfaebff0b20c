from django.db import migrations


def forwards(apps, schema_editor):
    from scrutiny.reviews.vocabulary import install_default_statuses

    install_default_statuses(apps.get_model("reviews", "Status"))


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
