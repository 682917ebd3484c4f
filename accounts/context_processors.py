from . import access
from .roles import LABELS


def role_context(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "user_roles": sorted(LABELS[name] for name in access.role_names(user)),
        "is_office": access.is_office(user),
        "is_admin_role": access.is_admin(user),
        "may_see_personal_data": access.may_see_personal_data(user),
    }
