"""Who may see and change what. The one place that decides it.

Every view, export, report and admin page asks here, as a queryset filter or a yes/no
question, instead of re-implementing the rule (the models know nothing of users):

- administrator: everything;
- kansli: reads everything (personal data included), manages interventions and
  assignments, imports files, reviews tertial reports, runs every report;
- insatsansvarig / deltagaransvarig: only the interventions they are assigned to;
- styrelse: aggregated reports over every intervention, never personal data;
- anyone else: nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Model, QuerySet

from interventions.models import Assignment, Intervention
from participants.models import Participant

from . import roles


def role_names(user) -> frozenset[str]:
    """The role groups of a user (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_finsam_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=roles.ALL).values_list("name", flat=True))
        if user.is_superuser:
            cached = cached | {roles.ADMINISTRATOR}
        user._finsam_roles = cached
    return cached


def has_role(user, *names: str) -> bool:
    return bool(role_names(user) & set(names))


def is_admin(user) -> bool:
    return has_role(user, roles.ADMINISTRATOR)


def is_office(user) -> bool:
    """Administrator or kansli: the association's own staff, who see everything."""
    return has_role(user, roles.ADMINISTRATOR, roles.KANSLI)


def has_any_role(user) -> bool:
    return bool(role_names(user))


def may_see_personal_data(user) -> bool:
    return has_role(user, roles.ADMINISTRATOR, roles.KANSLI, *roles.ASSIGNED_ROLES)


def may_import(user) -> bool:
    return is_office(user)


def may_export_personal_data(user) -> bool:
    """The full SUS export holds every personnummer: the administrator's alone (domain.md)."""
    return is_admin(user)


def may_manage_interventions(user) -> bool:
    return is_office(user)


def may_purge(user) -> bool:
    return is_admin(user)


def sees_board_dashboard(user) -> bool:
    """The board and nothing more (aggregated figures only): their start page is the dashboard."""
    return has_role(user, roles.STYRELSE) and not may_see_personal_data(user)


def suppress_below(user) -> int | None:
    """Small-cell suppression for aggregated figures: the board sees nothing under 5."""
    if has_role(user, roles.ADMINISTRATOR, roles.KANSLI, *roles.ASSIGNED_ROLES):
        return None
    return settings.FINSAM_SUPPRESS_BELOW


def _interventions() -> QuerySet:
    return Intervention.objects.all()


def _assigned(user, *, role: str | None = None) -> QuerySet:
    """A subquery rather than a join: no DISTINCT, so callers may order, annotate and select_related."""
    assignments = Assignment.objects.filter(user=user)
    if role:
        assignments = assignments.filter(role=role)
    return _interventions().filter(pk__in=assignments.values("intervention_id"))


def visible_interventions(user, *, personal_data: bool = False) -> QuerySet:
    """Interventions whose figures `user` may see; with personal_data, whose people they may see."""
    names = role_names(user)
    if names & {roles.ADMINISTRATOR, roles.KANSLI}:
        return _interventions()
    if names & set(roles.ASSIGNED_ROLES):
        return _assigned(user)
    if roles.STYRELSE in names and not personal_data:
        return _interventions()
    return _interventions().none()


def sees_any_intervention(user) -> bool:
    """Whether any intervention is visible at all (the menu asks on every page: one query at most)."""
    names = role_names(user)
    if names & {roles.ADMINISTRATOR, roles.KANSLI, roles.STYRELSE}:
        return True
    if not names & set(roles.ASSIGNED_ROLES):
        return False
    cached = getattr(user, "_finsam_sees_any", None)
    if cached is None:
        cached = user._finsam_sees_any = _assigned(user).exists()
    return cached


def sees_tertial_reports(user) -> bool:
    names = role_names(user)
    if names & {roles.ADMINISTRATOR, roles.KANSLI, roles.STYRELSE}:
        return True
    return roles.INSATSANSVARIG in names and led_interventions(user).exists()


def changeable_interventions(user) -> QuerySet:
    """Interventions in which `user` may register and edit participations and counts."""
    names = role_names(user)
    if roles.ADMINISTRATOR in names:
        return _interventions()
    if names & set(roles.ASSIGNED_ROLES):
        return _assigned(user)
    return _interventions().none()


def led_interventions(user) -> QuerySet:
    """Interventions whose description and tertial reports `user` writes (insatsansvarig)."""
    names = role_names(user)
    if roles.ADMINISTRATOR in names:
        return _interventions()
    if roles.INSATSANSVARIG in names:
        return _assigned(user, role="insatsansvarig")
    return _interventions().none()


def may_register(user, mode: str | None = None) -> bool:
    """Whether `user` registers in some intervention (taking `mode` registrations, when given)."""
    interventions = changeable_interventions(user)
    return (interventions.allowing(mode) if mode else interventions).exists()


def can_change_intervention_data(user, intervention) -> bool:
    return changeable_interventions(user).filter(pk=intervention.pk).exists()


def may_edit_description(user, intervention) -> bool:
    """Kansli and administrator, and the intervention's own insatsansvarig."""
    return may_manage_interventions(user) or led_interventions(user).filter(pk=intervention.pk).exists()


# --- rows of personal data ------------------------------------------------------------------


def _rows(rows: type[Model] | QuerySet) -> QuerySet:
    return rows._default_manager.all() if isinstance(rows, type) else rows


def participants(user, rows: type[Model] | QuerySet = Participant) -> QuerySet:
    """People with at least one spell in an intervention whose personal data `user` may see."""
    rows = _rows(rows)
    names = role_names(user)
    if names & {roles.ADMINISTRATOR, roles.KANSLI}:
        return rows
    if names & set(roles.ASSIGNED_ROLES):
        return rows.filter(participations__intervention__in=_assigned(user)).distinct()
    return rows.none()


def registrations(user, rows: type[Model] | QuerySet) -> QuerySet:
    """Spells, anonymous or volume registrations (a model or a queryset of one) in the
    interventions whose personal data `user` may see."""
    return _rows(rows).filter(intervention__in=visible_interventions(user, personal_data=True))


def changeable_registrations(user, rows: type[Model] | QuerySet) -> QuerySet:
    """The same rows, in the interventions where `user` registers and edits."""
    return _rows(rows).filter(intervention__in=changeable_interventions(user))
