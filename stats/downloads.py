"""The one audit policy for aggregated downloads: every file of figures a user takes away — the
SUS summary (XLSX, CSV, PDF), the pathway pages' and the lasting-effect table's XLSX and PDF,
the tertial report PDFs, the follow-up outcomes — is answered here, and each leaves one EXPORT
event in the access log naming what, which format, the period, the interventions and the
suppression it was made with."""

from __future__ import annotations

from django.http import HttpResponse

from audit.trail import record

from .disclosure import Release
from .writers import XLSX_CONTENT_TYPE

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "text": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX_CONTENT_TYPE,
    "pdf": "application/pdf",
}


def download(request, content: bytes | str, *, fmt: str, filename: str, what: str, release: Release,
             **details) -> HttpResponse:
    """The file as an attachment, logged as an export (`details`: more to log, e.g. rows)."""
    period = release.period
    record(
        request, "EXPORT", f"{what} ({fmt.upper()})",
        period=f"{period[0]} – {period[1]}" if period else "",
        interventions=list(release.interventions) if release.interventions is not None else "alla",
        suppressed_below=release.below,
        **details,
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
