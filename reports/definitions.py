"""What the SUS summary's tables are (reports.md): their keys, Swedish titles, populations and
code lists, the age and month bands, and which codes count as work and as studies. The
summary (`reports.summary`), its lines for disclosure control (`reports.suppression`) and its
presentation all read them from here."""

from __future__ import annotations

from dataclasses import dataclass

from participants.codes import (
    STUDIES,
    WORK,
    Avslutsorsak,
    Forsorjning,
    Kon,
    Sysselsattning,
    TidOffentligForsorjning,
    Utbildning,
)

KONS = tuple(Kon.values)  # ("K", "M")

# Age bands on the stored completed years at start: (code, label, lowest, highest).
AGE_BANDS = (
    ("AGE_0_29", "Upp till 29 år", None, 29),
    ("AGE_30_44", "30–44 år", 30, 44),
    ("AGE_45_59", "45–59 år", 45, 59),
    ("AGE_60_PLUS", "60 år –", 60, None),
)
# Completed months in the intervention: (code, label, lowest, below).
MONTH_BANDS = (
    ("UNDER_3", "Under 3 mån", None, 3),
    ("M3_6", "3–6 mån", 3, 6),
    ("M6_12", "6–12 mån", 6, 12),
    ("M12_18", "12–18 mån", 12, 18),
    ("M18_24", "18–24 mån", 18, 24),
    ("M24_PLUS", "24 mån eller mer", 24, None),
)
END_REASONS = [(code, label) for code, label in Avslutsorsak.choices if code != Avslutsorsak.FELREGISTRERING]


@dataclass(frozen=True)
class TableSpec:
    """One table of the summary: its key, Swedish title, population and layout."""

    key: str
    title: str
    population: str  # "active", "started" or "ended"
    kind: str  # "by_kon" or "matrix"
    rows_title: str = ""
    cols_title: str = ""


BY_KON_TABLES = (
    TableSpec("age", "Ålder", "active", "by_kon", "Ålder"),
    TableSpec("education", "Utbildning", "active", "by_kon", "Utbildning"),
    TableSpec("time_in_support", "Tid i offentlig försörjning", "started", "by_kon", "Tid i offentlig försörjning"),
    TableSpec("support_before", "Försörjning före insats", "started", "by_kon", "Försörjning före"),
    TableSpec("end_reason", "Avslutsanledning", "ended", "by_kon", "Avslutsanledning"),
    TableSpec("occupation_after", "Sysselsättning efter insats", "ended", "by_kon", "Sysselsättning efter"),
    TableSpec("support_after", "Försörjning efter insats", "ended", "by_kon", "Försörjning efter"),
    TableSpec("time_in_intervention", "Tid i insats", "ended", "by_kon", "Tid i insats"),
)
MATRIX_TABLES = (
    TableSpec("support_flow", "Försörjningsflöden: före och efter insats", "ended", "matrix",
          "Försörjning före", "Försörjning efter"),
    TableSpec("occupation_by_support_before", "Sysselsättning efter insats i förhållande till försörjning före",
          "ended", "matrix", "Försörjning före", "Sysselsättning efter"),
    TableSpec("occupation_by_time_in_support",
          "Sysselsättning efter insats i förhållande till tid i offentlig försörjning",
          "ended", "matrix", "Tid i offentlig försörjning", "Sysselsättning efter"),
    TableSpec("occupation_by_education", "Sysselsättning efter insats i förhållande till utbildning",
          "ended", "matrix", "Utbildning", "Sysselsättning efter"),
)
TABLES = BY_KON_TABLES + MATRIX_TABLES
POPULATION_LABELS = {
    "active": "Aktiva under perioden",
    "started": "Påbörjade under perioden",
    "ended": "Avslutade under perioden",
}

# The code list (code, label) of each by-kön table, in display order.
ROW_CODES = {
    "age": [(code, label) for code, label, _low, _high in AGE_BANDS],
    "education": list(Utbildning.choices),
    "time_in_support": list(TidOffentligForsorjning.choices),
    "support_before": list(Forsorjning.choices),
    "end_reason": END_REASONS,
    "occupation_after": list(Sysselsattning.choices),
    "support_after": list(Forsorjning.choices),
    "time_in_intervention": [(code, label) for code, label, _low, _high in MONTH_BANDS],
}
MATRIX_CODES = {
    "support_flow": (list(Forsorjning.choices), list(Forsorjning.choices)),
    "occupation_by_support_before": (list(Forsorjning.choices), list(Sysselsattning.choices)),
    "occupation_by_time_in_support": (list(TidOffentligForsorjning.choices), list(Sysselsattning.choices)),
    "occupation_by_education": (list(Utbildning.choices), list(Sysselsattning.choices)),
}
LABELS = {key: dict(codes) for key, codes in ROW_CODES.items()}
for _key, (_rows, _cols) in MATRIX_CODES.items():
    LABELS[_key + ":rows"] = dict(_rows)
    LABELS[_key + ":cols"] = dict(_cols)

WORK_CODES = tuple(str(code) for code in WORK)
STUDY_CODES = tuple(str(code) for code in STUDIES)
