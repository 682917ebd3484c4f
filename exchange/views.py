from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import access
from accounts.decorators import role_required
from audit.trail import record

from .exporting import export_archive
from .forms import ExportForm, UploadForm
from .jobs import cancel_job, confirm_job, preview_job, start_job
from .models import ImportJob


def _job(request: HttpRequest, pk: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk)


@role_required(access.may_import)
def index(request: HttpRequest) -> HttpResponse:
    """Upload a file to import, download the SUS export, the latest jobs."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_job(
            user=request.user, file_name=upload.name, content=upload.read(), kind=form.cleaned_data["kind"]
        )
        return redirect(job)
    jobs = ImportJob.objects.for_list()[:10]
    return render(request, "exchange/index.html", {
        "form": form,
        "export_form": ExportForm(),
        "jobs": jobs,
        "may_export": access.may_export_personal_data(request.user),
        "sync_max_rows": settings.FINSAM_IMPORT_SYNC_MAX_ROWS,
    })


@role_required(access.may_import)
def job_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(ImportJob.objects.for_list(), 50).get_page(request.GET.get("page"))
    return render(request, "exchange/job_list.html", {"page": page, "jobs": page.object_list})


@role_required(access.may_import)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    preview = preview_job(job, status=request.GET.get("status", ""), page=request.GET.get("page", 1))
    if preview is not None:  # the file's rows, numbers and names: a read of personal data
        record(request, "VIEW", f"Importjobb {job.pk}", obj=job, page=preview.page.number, status=preview.status)
    return render(request, "exchange/job_detail.html", {"job": job, "preview": preview})


@role_required(access.may_import)
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = get_object_or_404(ImportJob.objects.only(
        "status", "processed_rows", "total_rows", "created", "updated", "unchanged", "error_count"
    ), pk=pk)
    return JsonResponse({
        "status": job.status,
        "label": job.get_status_display(),
        "running": job.is_running,
        "processed": job.processed_rows,
        "total": job.total_rows,
        "percent": job.percent,
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
        "errors": job.error_count,
    })


@require_POST
@role_required(access.may_import)
def job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        confirm_job(job)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect(job)
    job.refresh_from_db()
    if job.status == ImportJob.Status.DONE:
        messages.success(request, f"Filen är sparad: {job.created} nya, {job.updated} ändrade, "
                                  f"{job.unchanged} oförändrade.")
    elif job.status == ImportJob.Status.FAILED:
        messages.error(request, "Inget sparades: filen innehåller nu fel (se nedan).")
    return redirect(job)


@require_POST
@role_required(access.may_import)
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if cancel_job(job):
        messages.success(request, "Importen är avbruten; inget sparades och filen är borttagen.")
    return redirect("exchange:index")


@role_required(access.may_export_personal_data)
def export(request: HttpRequest) -> HttpResponse:
    """Download the SUS export: personal data, so only for the roles allowed to take it out."""
    form = ExportForm(request.GET or None)
    if not form.is_valid():
        for error in form.non_field_errors() or [str(e) for e in form.errors.values()]:
            messages.error(request, error)
        return redirect("exchange:index")
    data = form.cleaned_data
    archive, _counts = export_archive(
        user=request, date_from=data["date_from"], date_to=data["date_to"], fmt=data["format"]
    )
    stamp = timezone.localdate().isoformat()
    period = f"-{data['date_from']}-{data['date_to']}" if data["date_from"] else ""
    return FileResponse(archive, as_attachment=True, filename=f"sus-export{period}-{stamp}-{data['format']}.zip")
