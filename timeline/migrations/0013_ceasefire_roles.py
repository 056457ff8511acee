"""Ceasefires join the roles: Editors build them with their steps, Reviewers publish them.

Editors add, change and view ceasefires and their steps (and remove a step
while editing); Reviewers view them and change ceasefires, so they see drafts
on the site and can publish (publishing needs "publish_event", as for events).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED = {
    "Editors": [
        "add_ceasefire", "change_ceasefire", "view_ceasefire",
        "add_ceasefirestep", "change_ceasefirestep", "delete_ceasefirestep",
        "view_ceasefirestep",
    ],
    "Reviewers": ["view_ceasefire", "change_ceasefire", "view_ceasefirestep"],
}  # fmt: skip


def grant(apps, schema_editor):
    timeline = apps.get_app_config("timeline")
    # create_permissions skips an app whose models module is unset, as it is in migrations.
    timeline.models_module = True
    create_permissions(timeline, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    timeline.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ADDED.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        permissions = Permission.objects.filter(
            content_type__app_label="timeline", codename__in=codenames
        )
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ADDED.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="timeline", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("timeline", "0012_ceasefire_history"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
