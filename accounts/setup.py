"""The role groups and their model permissions, kept in step after every migrate."""

from django.contrib.auth.models import Group, Permission

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
    for name in roles.ALL:
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for model, actions in PERMISSIONS.get(name, {}).items():
            app_label, model_name = model.split(".")
            for action in actions:
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=f"{action}_{model_name}"
                ).first()
                if permission:
                    wanted.append(permission)
        if wanted:
            group.permissions.add(*wanted)
