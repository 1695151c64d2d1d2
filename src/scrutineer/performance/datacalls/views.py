"""Data call pages: the calls of a body, one call's submission status, templates, uploads,
figures typed by hand, and closing a call.

Who may do what (``governance.access``): members, officers and admins may read the call
pages; the officers of the call's body and admins may make calls, download templates,
upload returns, type figures and close calls. There is no link yet between a user and a
partner organisation, so anyone who may edit the body may upload for any organisation in
the call; the upload records the organisation chosen on the form (which must match the
organisation the template was made for).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from scrutineer.governance import access
from scrutineer.governance.models import Body, Organisation, in_council
from scrutineer.packs.spreadsheets import MAX_BYTES, SubmissionRejected
from scrutineer.periods import Quarter

from ..models import DataCall, Indicator, Observation
from ..provenance import observation_origin
from . import templates
from .forms import DataCallForm, FigureForm, TemplateForm, UploadForm
from .lifecycle import close_data_call, quarter_period
from .returns import import_submission, record_figure
from .scope import call_areas, call_indicators, call_organisations, indicator_breakdowns
from .status import call_history, call_status, figure_text, latest_submission_dates

MAX_PROBLEMS_SHOWN = 100


def _can_read(user, body) -> bool:
    """The body's readers: its members and officers, and those who read everything."""
    return access.can_read_restricted(user, body) or access.can_edit_body(user, body)


def _require_read(user, body) -> None:
    if not _can_read(user, body):
        raise PermissionDenied("Only members and officers can see data calls.")


def _require_edit(user, body) -> None:
    if not access.can_edit_body(user, body):
        raise PermissionDenied("Only officers of this body can change its data calls.")


def _get_call(pk, council) -> DataCall:
    calls = in_council(DataCall.objects.select_related("body", "period"), council)
    return get_object_or_404(calls, pk=pk)


def _organisation_choices(call, indicators):
    """(responsible organisations, other organisations). Others may return the indicators
    nobody is responsible for, so they are offered only when there are such indicators."""
    responsible = call_organisations(call, indicators)
    if any(i.responsible_organisation_id is None for i in indicators):
        ids = {o.pk for o in responsible}
        organisations = Organisation.objects.filter(council_id=call.body.council_id)
        others = [o for o in organisations.order_by("name") if o.pk not in ids]
    else:
        others = []
    return responsible, others


def _history(call):
    rows = list(call_history(call))
    for observation in rows:
        observation.figure = figure_text(observation)
        observation.origin = observation_origin(observation)
        replacement = observation.superseded_by
        replacement.figure = figure_text(replacement)
        replacement.origin = observation_origin(replacement)
    return rows


@login_required
def call_index(request):
    """Every data call, by body, for the members and officers who may read them."""
    user = request.user
    if not access.reads_any_restricted(user):
        raise PermissionDenied("Only members and officers can see data calls.")
    calls = in_council(DataCall.objects.select_related("body", "period"), request.council)
    if not access.reads_everything(user):  # the calls of the bodies they read
        calls = calls.filter(body__in=access.read_body_ids(user))
    calls = list(calls.order_by("body__name", "-deadline"))
    return render(
        request,
        "performance/datacalls/index.html",
        {
            "calls": calls,
            "bodies": _editable_bodies(user, request.council),
            "today": timezone.localdate(),
        },
    )


def _editable_bodies(user, council):
    return list(in_council(access.editable_bodies(user), council))


@login_required
def data_calls(request, slug):
    body = get_object_or_404(in_council(Body.objects.all(), request.council), slug=slug)
    _require_read(request.user, body)
    calls = list(body.data_calls.select_related("period").order_by("-deadline"))
    latest = latest_submission_dates(calls)
    for call in calls:
        call.latest_submission = latest.get(call.pk)
    return render(
        request,
        "performance/datacalls/list.html",
        {
            "body": body,
            "calls": calls,
            "today": timezone.localdate(),
            "can_edit": access.can_edit_body(request.user, body),
        },
    )


@login_required
def new_data_call(request, slug):
    body = get_object_or_404(in_council(Body.objects.all(), request.council), slug=slug)
    _require_edit(request.user, body)
    indicators = list(Indicator.objects.filter(body=body).order_by("priority", "group", "name"))
    if request.method == "POST":
        form = DataCallForm(request.POST, body=body, indicators=indicators)
        if form.is_valid():
            data = form.cleaned_data
            period = quarter_period(data["quarter"])
            call = DataCall.objects.create(
                body=body,
                period=period,
                deadline=data["deadline"],
                title=data["title"].strip() or f"{data['quarter']} scorecard data call",
            )
            call.indicators.set(data["indicators"])
            count = len(data["indicators"])
            messages.success(
                request,
                f"The data call for {period.label} has been made, with {count} "
                f"indicator{'s' if count != 1 else ''}.",
            )
            return redirect(call.get_absolute_url())
    else:
        quarterly = [str(i.pk) for i in indicators if i.frequency == Indicator.Frequency.QUARTERLY]
        form = DataCallForm(
            body=body,
            indicators=indicators,
            initial={
                "quarter": Quarter.last_ended_before(timezone.localdate()).label,
                "indicators": quarterly,
            },
        )
    return render(
        request,
        "performance/datacalls/call_form.html",
        {"body": body, "form": form, "indicators": indicators},
    )


def _call_page(request, call, *, template_form=None, status=200):
    user = request.user
    can_edit = access.can_edit_body(user, call.body)
    where = call_status(call)
    indicators = [row.indicator for row in where.rows]
    responsible, others = _organisation_choices(call, list({i.pk: i for i in indicators}.values()))
    if template_form is None and can_edit:
        template_form = TemplateForm(responsible=responsible, others=others)
    today = timezone.localdate()
    return render(
        request,
        "performance/datacalls/call.html",
        {
            "call": call,
            "status": where,
            "history": _history(call),
            "can_edit": can_edit,
            "template_form": template_form,
            "today": today,
            "past_deadline": call.deadline < today,
        },
        status=status,
    )


@login_required
def data_call(request, pk):
    call = _get_call(pk, request.council)
    _require_read(request.user, call.body)
    return _call_page(request, call)


def _template(request, pk, kind: str):
    call = _get_call(pk, request.council)
    _require_edit(request.user, call.body)
    indicators = call_indicators(call)
    responsible, others = _organisation_choices(call, indicators)
    form = TemplateForm(request.GET, responsible=responsible, others=others)
    if not form.is_valid():
        return _call_page(request, call, template_form=form)
    organisation = form.cleaned_data["organisation"]
    try:
        if kind == "xlsx":
            content = templates.template_xlsx(call, organisation)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            content = templates.template_csv(call, organisation)
            content_type = "text/csv; charset=utf-8"
    except templates.TemplateUnavailable as error:
        form.add_error("organisation", str(error))
        return _call_page(request, call, template_form=form)
    response = HttpResponse(content, content_type=content_type)
    name = templates.template_filename(call, organisation, kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def template_xlsx(request, pk):
    return _template(request, pk, "xlsx")


@login_required
def template_csv(request, pk):
    return _template(request, pk, "csv")


@login_required
def upload(request, pk):
    call = _get_call(pk, request.council)
    _require_edit(request.user, call.body)
    indicators = call_indicators(call)
    responsible, others = _organisation_choices(call, indicators)
    problems = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, responsible=responsible, others=others)
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            organisation = form.cleaned_data["organisation"]
            # The form checked the size the upload reported; the read is bounded all the same.
            data = upload_file.read(MAX_BYTES + 1)
            try:
                submission = import_submission(
                    call, organisation, upload_file.name, data, request.user
                )
            except SubmissionRejected as error:
                problems = [str(p) for p in error.problems]
                if len(problems) == 1:
                    form.add_error("file", problems[0])
                    problems = []
                else:
                    form.add_error(
                        "file",
                        f"The file has {len(problems):,} problems, listed below. Nothing was "
                        "imported: correct them and upload the file again",
                    )
            else:
                messages.success(request, _upload_message(submission))
                return redirect(call.get_absolute_url())
    else:
        form = UploadForm(
            responsible=responsible,
            others=others,
            initial={"organisation": request.GET.get("organisation", "")},
        )
    return render(
        request,
        "performance/datacalls/upload.html",
        {
            "call": call,
            "form": form,
            "problems": problems[:MAX_PROBLEMS_SHOWN],
            "more_problems": max(0, len(problems) - MAX_PROBLEMS_SHOWN),
        },
    )


def _upload_message(submission) -> str:
    outcome = submission.outcome
    if outcome.already_uploaded:
        return (
            f"This file was already uploaded for {submission.organisation.name} on "
            f"{timezone.localtime(submission.submitted_at):%-d %B %Y at %H:%M}. Nothing has "
            "changed."
        )
    parts = [
        f"{submission.file_name} has been imported for {submission.organisation.name}: "
        f"{outcome.created:,} figure{'s' if outcome.created != 1 else ''} recorded"
    ]
    if outcome.superseded:
        parts.append(
            f"{outcome.superseded:,} earlier figure{'s' if outcome.superseded != 1 else ''} "
            "replaced and kept in the history"
        )
    if outcome.unchanged:
        parts.append(f"{outcome.unchanged:,} unchanged")
    return ", ".join(parts) + "."


@login_required
@require_POST
def close(request, pk):
    call = _get_call(pk, request.council)
    _require_edit(request.user, call.body)
    if call.closed_at is not None:
        messages.success(request, "This data call was already closed. Nothing has changed.")
        return redirect(call.get_absolute_url())
    recorded = close_data_call(call, user=request.user)
    messages.success(
        request,
        f"The data call is closed. {recorded:,} missing "
        f"return{'s were' if recorded != 1 else ' was'} recorded as not received.",
    )
    return redirect(call.get_absolute_url())


@login_required
def new_observation(request, pk, indicator_pk):
    call = _get_call(pk, request.council)
    _require_edit(request.user, call.body)
    indicator = get_object_or_404(call.indicators.all(), pk=indicator_pk)
    areas = call_areas(call)
    breakdowns = indicator_breakdowns([indicator]).get(indicator.pk, [])
    form_kwargs = {"indicator": indicator, "areas": areas, "breakdowns": breakdowns}
    if request.method == "POST":
        form = FigureForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            observation = record_figure(
                call,
                indicator,
                data["area"],
                data["breakdown"],
                data["figure"],
                data["note"],
                request.user,
            )
            if observation is None:
                messages.success(
                    request, "That is the same as the current figure, so nothing has changed."
                )
            else:
                messages.success(
                    request,
                    f"The figure for {indicator.name} has been recorded: "
                    f"{figure_text(observation)}.",
                )
            return redirect(call.get_absolute_url())
    else:
        form = FigureForm(**form_kwargs)
    figures = list(
        Observation.objects.filter(indicator=indicator, period=call.period)
        .select_related("area", "breakdown", "submission__organisation", "entered_by", "indicator")
        .order_by("area__name", "breakdown_id", "-pk")
    )
    for observation in figures:
        observation.figure = figure_text(observation)
        observation.origin = observation_origin(observation)
    return render(
        request,
        "performance/datacalls/figure_form.html",
        {
            "call": call,
            "indicator": indicator,
            "form": form,
            "figures": figures,
            "cancel_url": reverse("data-call", args=[call.pk]),
        },
    )
