"""The role groups and their model permissions, kept in step after every migrate."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from . import roles

VIEW = ("view",)
EDIT = ("add", "change", "view")
ALL = ("add", "change", "delete", "view")

# Model permissions per role, for the admin. Which rows a user reaches is decided by
# accounts.access on top of these.
PERMISSIONS = {
    roles.KANSLI: {
        "interventions.organisation": ALL,
        "interventions.intervention": EDIT,
        "interventions.interventionbudget": ALL,
        "interventions.assignment": ALL,
        "participants.participant": VIEW,
        "participants.participation": VIEW,
        "participants.anonymousregistration": VIEW,
        "participants.volumeregistration": VIEW,
        "auth.user": VIEW,
    },
    roles.INSATSANSVARIG: {},
    roles.DELTAGARANSVARIG: {},
    roles.STYRELSE: {},
    roles.ADMINISTRATOR: {},
}


def ensure_role_groups(**kwargs) -> None:
    """Create the role groups and give them their permissions (those that exist: a model's
    permissions come with its app's migrations). A few queries, whatever the number of
    permissions: it runs after every migrate and in most tests' fixtures."""
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ALL}
    roles_of: dict[tuple[str, str], list[str]] = {}
    for name, models in PERMISSIONS.items():
        for model, actions in models.items():
            app_label, model_name = model.split(".")
            for action in actions:
                roles_of.setdefault((app_label, f"{action}_{model_name}"), []).append(name)
    if not roles_of:
        return
    match = Q()
    for app_label, codename in roles_of:
        match |= Q(content_type__app_label=app_label, codename=codename)
    wanted: dict[str, list[Permission]] = {}
    for permission in Permission.objects.filter(match).select_related("content_type"):
        for name in roles_of[(permission.content_type.app_label, permission.codename)]:
            wanted.setdefault(name, []).append(permission)
    for name, permissions in wanted.items():
        groups[name].permissions.add(*permissions)
