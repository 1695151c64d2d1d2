"""The role groups of governance.access exist on every install: member, officer, admin."""

from django.db import migrations

ROLE_GROUPS = ("member", "officer", "admin")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("tracker", "0001_initial"),
    ]

    # Reversing leaves the groups alone: they may have members by then.
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
