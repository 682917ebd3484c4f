"""The roles of domain.md, held as Django groups."""

ADMINISTRATOR = "administrator"
KANSLI = "kansli"
INSATSANSVARIG = "insatsansvarig"
DELTAGARANSVARIG = "deltagaransvarig"
STYRELSE = "styrelse"

ALL = (ADMINISTRATOR, KANSLI, INSATSANSVARIG, DELTAGARANSVARIG, STYRELSE)
LABELS = {
    ADMINISTRATOR: "Administratör",
    KANSLI: "Kansli",
    INSATSANSVARIG: "Insatsansvarig",
    DELTAGARANSVARIG: "Deltagaransvarig",
    STYRELSE: "Styrelse",
}
# Staff roles see only the interventions they are assigned to.
ASSIGNED_ROLES = (INSATSANSVARIG, DELTAGARANSVARIG)
