"""The two roles as groups: Editors build the timeline, Reviewers publish it.

Editors add, change and view events, evidence, actors, sources and
translations (the import page needs "add source"), may remove an evidence
link or a translation while editing, and see sentences (the evidence
picker searches them). They cannot publish or unpublish, delete events,
sources or actors, or touch users and groups.

Reviewers view everything, change events (so they see drafts on the site and
can publish through the form) and hold "publish_event" for the bulk actions.

Permissions are normally created by a post_migrate signal after all
migrations have run, so they are created here first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Editors": [
        "add_event", "change_event", "view_event",
        "add_evidence", "change_evidence", "delete_evidence", "view_evidence",
        "add_actor", "change_actor", "view_actor",
        "add_source", "change_source", "view_source",
        "add_translation", "change_translation", "delete_translation", "view_translation",
        "view_sentence",
    ],
    "Reviewers": [
        "view_event", "change_event", "publish_event",
        "view_evidence", "view_actor", "view_source", "view_translation", "view_sentence",
    ],
}  # fmt: skip


def create_groups(apps, schema_editor):
    timeline = apps.get_app_config("timeline")
    # create_permissions skips an app whose models module is unset, as it is in migrations.
    timeline.models_module = True
    create_permissions(timeline, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    timeline.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        permissions = Permission.objects.filter(
            content_type__app_label="timeline", codename__in=codenames
        )
        if permissions.count() != len(codenames):
            found = set(permissions.values_list("codename", flat=True))
            raise RuntimeError(f"{name}: no permission {sorted(set(codenames) - found)}")
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("timeline", "0006_event_publish_permission"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
