"""An officer's jobs: uploading a paper (it becomes an ingest job), the list of their jobs
and one job's page: its state and progress, then what it made, or the error that stopped it.

Officers and admins only (``access.can_load_papers``). An officer sees the jobs they asked
for; an admin sees every job. Uploaded files are kept for the job in the database and no
page serves them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from scrutineer.governance import access
from scrutineer.packs.reader import MAX_BYTES
from scrutineer.web.forms import REQUEST_SLACK, SizeLimit, declared_size, page_of

from .forms import UploadForm
from .models import Job
from .tasks import enqueue, store_file

INGEST = "ingest"  # the kind registered by scrutineer.ingest.jobs
PAGE_SIZE = 50


def _require_officer(user) -> None:
    if not access.can_load_papers(user):
        raise PermissionDenied("Only officers can upload papers and see jobs.")


def _visible_jobs(user):
    jobs = Job.objects.select_related("requested_by")
    return jobs if access.is_admin(user) else jobs.filter(requested_by=user)


@csrf_exempt  # only until the size limit is in place: _upload checks the CSRF token
@login_required
def upload(request):
    """The size is checked before the upload is read: a request that says it is too large
    is refused unread, and one that turns out too large is dropped as it arrives."""
    _require_officer(request.user)
    if request.method == "POST" and declared_size(request) > MAX_BYTES + REQUEST_SLACK:
        form = UploadForm({}, {})  # nothing is read, so nothing is changed: no token needed
        form.refuse_as_too_large()
        return render(request, "jobs/upload.html", {"form": form}, status=413)
    limit = SizeLimit(request, MAX_BYTES)
    request.upload_handlers.insert(0, limit)
    return _upload(request, limit)


@csrf_protect
def _upload(request, limit: SizeLimit):
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if limit.exceeded:
            form.refuse_as_too_large()
        elif form.is_valid():
            upload_file = form.cleaned_data["file"]
            # The form checked the size the upload reported; the read is bounded all the same,
            # and the reader refuses a file over the limit.
            data = upload_file.read(MAX_BYTES + 1)
            stored = store_file(data, upload_file.name, request.user)
            job = enqueue(
                INGEST, {"file": stored.pk}, title=f"Read {stored.name}", user=request.user
            )
            return redirect(job)
    else:
        form = UploadForm()
    return render(request, "jobs/upload.html", {"form": form})


@login_required
def job_list(request):
    _require_officer(request.user)
    page = page_of(Paginator(_visible_jobs(request.user), PAGE_SIZE), request)
    return render(
        request,
        "jobs/list.html",
        {"page": page, "jobs": page.object_list, "everyone": access.is_admin(request.user)},
    )


@login_required
def job_page(request, pk):
    _require_officer(request.user)
    job = get_object_or_404(Job, pk=pk)
    if not _visible_jobs(request.user).filter(pk=job.pk).exists():
        raise Http404("No such job")
    counts = sorted((job.result.get("counts") or {}).items())
    return render(
        request,
        "jobs/job.html",
        {"job": job, "counts": counts, "refresh": not job.finished},
    )
