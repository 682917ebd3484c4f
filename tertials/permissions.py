"""Who may do what with tertial reports: the one place, built on `accounts.access`.

- the insatsansvarig of the intervention (access.led_interventions) writes and submits;
- kansli and administrator (access.is_office) read every report, approve, return and reopen;
- styrelse sees the year view only: aggregated figures, suppressed below 5;
- anyone else: nothing.
"""

from __future__ import annotations

from accounts import access

from .models import EDITABLE_STATES, Status

SUBMIT = "submit"
APPROVE = "approve"
RETURN = "return"
REOPEN = "reopen"

# action → (states it starts from, state it leads to, who may do it)
RULES = {
    SUBMIT: (EDITABLE_STATES, Status.INSKICKAD, "lead"),
    APPROVE: ((Status.INSKICKAD,), Status.GODKAND, "office"),
    RETURN: ((Status.INSKICKAD,), Status.ATERSKICKAD, "office"),
    REOPEN: ((Status.GODKAND,), Status.ATERSKICKAD, "office"),
}
ACTION_LABELS = {
    SUBMIT: "skicka in",
    APPROVE: "godkänna",
    RETURN: "skicka tillbaka",
    REOPEN: "öppna igen",
}
ACTION_PASSIVE = {
    SUBMIT: "skickas in",
    APPROVE: "godkännas",
    RETURN: "skickas tillbaka",
    REOPEN: "öppnas igen",
}


def leads(user, intervention) -> bool:
    """True when `user` writes this intervention's reports."""
    cache = getattr(user, "_finsam_led_ids", None)
    if cache is None:
        cache = set(access.led_interventions(user).values_list("pk", flat=True))
        user._finsam_led_ids = cache
    return intervention.pk in cache


def may_view_dashboard(user) -> bool:
    return access.is_office(user) or access.led_interventions(user).exists()


def may_view_year(user) -> bool:
    return access.is_office(user) or access.has_role(user, "styrelse")


def may_view_report(user, intervention) -> bool:
    return access.is_office(user) or leads(user, intervention)


def may_print_tertial(user) -> bool:
    """The PDF of all reports of a tertial, for the board meeting, is made by kansli."""
    return access.is_office(user)


def may_edit(user, report) -> bool:
    return report.status in EDITABLE_STATES and leads(user, report.intervention)


def _actor_ok(user, report, actor: str) -> bool:
    if actor == "lead":
        return leads(user, report.intervention)
    return access.is_office(user)


def may(user, action: str, report) -> bool:
    sources, _target, actor = RULES[action]
    return report.status in sources and _actor_ok(user, report, actor)


def allowed_actions(user, report) -> list[str]:
    return [action for action in RULES if may(user, action, report)]


def refusal(user, action: str, report) -> str | None:
    """Why `user` may not do `action` now, in Swedish; None when allowed."""
    sources, _target, actor = RULES[action]
    label = ACTION_LABELS[action]
    if not _actor_ok(user, report, actor):
        who = "insatsens insatsansvarig" if actor == "lead" else "kansliet"
        return f"Bara {who} får {label} tertialrapporten."
    if report.status not in sources:
        allowed = " eller ".join(Status(state).label.lower() for state in sources)
        return (
            f"Rapporten är {report.get_status_display().lower()} och kan inte {ACTION_PASSIVE[action]} nu "
            f"(bara när den är {allowed})."
        )
    return None
