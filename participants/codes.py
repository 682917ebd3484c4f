"""The code lists of domain.md. Codes are stored and exchanged; labels are shown.

Order is display order (and the order of every report table).
"""

from django.db import models


class Kon(models.TextChoices):
    K = "K", "Kvinna"
    M = "M", "Man"


class Utbildning(models.TextChoices):
    GRUNDSKOLA = "GRUNDSKOLA", "Grundskola"
    GYMNASIUM = "GYMNASIUM", "Gymnasium"
    HOGSKOLA = "HOGSKOLA", "Högskola/Universitet"
    FORSKARUTBILDNING = "FORSKARUTBILDNING", "Forskarutbildning"
    ANNAN_EFTERGYMNASIAL = "ANNAN_EFTERGYMNASIAL", "Annan eftergymnasial utbildning"
    SAKNAS = "SAKNAS", "Saknas/okänd"


class TidOffentligForsorjning(models.TextChoices):
    UPP_TILL_1 = "UPP_TILL_1", "Upp till 1 år"
    UPP_TILL_3 = "UPP_TILL_3", "Upp till 3 år"
    UPP_TILL_6 = "UPP_TILL_6", "Upp till 6 år"
    UPP_TILL_9 = "UPP_TILL_9", "Upp till 9 år"
    MER_AN_9 = "MER_AN_9", "Mer än 9 år"
    EJ_TILLAMPLIGT = "EJ_TILLAMPLIGT", "Ej tillämpligt"


class Forsorjning(models.TextChoices):
    FORSORJNINGSSTOD = "FORSORJNINGSSTOD", "Försörjningsstöd"
    SJUKPENNING = "SJUKPENNING", "Sjukpenning/rehabiliteringspenning"
    SJUKERSATTNING = "SJUKERSATTNING", "Sjukersättning"
    AKTIVITETSERSATTNING = "AKTIVITETSERSATTNING", "Aktivitetsersättning"
    ETABLERINGSERSATTNING = "ETABLERINGSERSATTNING", "Etableringsersättning"
    AKTIVITETSSTOD = "AKTIVITETSSTOD", "Aktivitetsstöd/utvecklingsersättning"
    ARBETSLOSHETSERSATTNING = "ARBETSLOSHETSERSATTNING", "Arbetslöshetsersättning"
    LON = "LON", "Lön"
    STUDIEMEDEL = "STUDIEMEDEL", "Studiemedel"
    INGEN = "INGEN", "Ingen offentlig försörjning"
    ANNAN = "ANNAN", "Annan försörjning"
    OKAND = "OKAND", "Okänd"


class Avslutsorsak(models.TextChoices):
    ARBETSMARKNAD = "ARBETSMARKNAD", "Arbete, studier eller arbetssökande"
    FORTSATT_REHAB = "FORTSATT_REHAB", "Fortsatt arbetslivsinriktad rehabilitering"
    OHALSA = "OHALSA", "Ohälsa"
    FLYTT = "FLYTT", "Flyttat"
    AVBROTT = "AVBROTT", "Avbrott på egen begäran"
    ANNAT = "ANNAT", "Annat"
    FELREGISTRERING = "FELREGISTRERING", "Felregistrering"


class Sysselsattning(models.TextChoices):
    ARBETE = "ARBETE", "Arbete, osubventionerat"
    ARBETE_SUBV = "ARBETE_SUBV", "Arbete med subvention"
    STUDIER = "STUDIER", "Studier"
    ARBETSSOKANDE = "ARBETSSOKANDE", "Arbetssökande"
    AF_PROGRAM = "AF_PROGRAM", "Arbetsmarknadspolitiskt program"
    REHAB = "REHAB", "Annan rehabiliterande insats"
    INGEN = "INGEN", "Ingen sysselsättning"
    OKAND = "OKAND", "Okänd"


class Inriktning(models.TextChoices):
    INDIVID = "INDIVID", "Individinriktad"
    STRUKTUR = "STRUKTUR", "Strukturövergripande"


class Registreringssatt(models.TextChoices):
    PERSON = "PERSON", "Med personuppgifter"
    ANONYM = "ANONYM", "Anonym"
    VOLYM = "VOLYM", "Volym"


WORK = (Sysselsattning.ARBETE, Sysselsattning.ARBETE_SUBV)
STUDIES = (Sysselsattning.STUDIER,)


def lookup(choices: type[models.TextChoices], value: str) -> str | None:
    """The code for `value` given as a code or a Swedish label, case-insensitively; None if unknown."""
    wanted = (value or "").strip().casefold()
    for code, label in choices.choices:
        if wanted in (code.casefold(), str(label).casefold()):
            return code
    return None
