from django.db import migrations


def forwards(apps, schema_editor):
    from scrutiny.people.roles import Role

    group = apps.get_model("auth", "Group")
    for role in Role:
        group.objects.get_or_create(name=role.label)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
