"""`scrutineer synth`: synthetic data in the right proportions, reproducible, and never mixed
into ingested papers."""

import datetime as dt
import hashlib
from io import StringIO
from itertools import groupby

import pytest
from django.core.management import CommandError, call_command

from scrutineer.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyAlias,
    Document,
    Meeting,
    Minute,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Resolution,
    Visibility,
)
from scrutineer.packs.due import derive_due_date
from scrutineer.synth import governance as synth
from scrutineer.synth.plan import Plan
from scrutineer.synth.vocabulary import BODY_TEMPLATES
from scrutineer.tracker import rules
from scrutineer.tracker.models import (
    FollowUp,
    Party,
    Response,
    StatusChange,
    TrackedItem,
    WorkProgrammeItem,
)

TODAY = dt.date(2026, 11, 22)


def generate(scale=0.05, seed=0, **options):
    return synth.generate(scale, seed=seed, today=TODAY, **options)


def make_document():
    text = "An ingested paper"
    return Document.objects.create(
        name="paper.txt",
        title="An ingested paper",
        kind=Document.Kind.AGENDA_PACK,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        size_bytes=len(text),
        line_count=1,
    )


# --- sizes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [0.01, 0.1])
@pytest.mark.django_db
def test_counts_follow_the_scale(scale):
    counts = generate(scale)

    bodies = Body.objects.count()
    assert max(3, 10 * scale - 1) <= bodies <= max(3, 10 * scale + 1)
    assert 0.95 * 500 * scale <= Meeting.objects.count() <= 1.05 * 500 * scale + 1
    assert 0.95 * 20_000 * scale <= TrackedItem.objects.count() <= 1.05 * 20_000 * scale
    # Every meeting that went ahead has an agenda; every held meeting has minutes.
    not_cancelled = Meeting.objects.exclude(status=Meeting.Status.CANCELLED)
    assert not_cancelled.filter(agenda_items__isnull=True).count() == 0
    assert Meeting.objects.filter(status="held", minutes__isnull=True).count() == 0
    assert AgendaItem.objects.count() >= 6 * not_cancelled.count()
    assert Resolution.objects.count() >= Meeting.objects.filter(status="held").count()
    assert Attendance.objects.filter(status="present").exists()
    # The returned counts are what was written.
    assert counts["tracked items"] == TrackedItem.objects.count()
    assert counts["meetings"] == Meeting.objects.count()
    assert counts["bodies"] == bodies


def test_scale_multiplies_and_may_be_fractional():
    one, five = Plan.for_scale(1), Plan.for_scale(5)
    assert (one.bodies, one.meetings, one.tracked_items) == (10, 500, 20_000)
    assert (five.bodies, five.meetings, five.tracked_items) == (50, 2_500, 100_000)
    assert Plan.for_scale(0.01).tracked_items == 200
    assert Plan.for_scale(2.5).bodies == 25
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            Plan.for_scale(bad)


@pytest.mark.django_db
def test_bodies_have_kinds_parents_aliases_and_members():
    # Scale 1 is one invented council's ten boards and subgroups, of every kind.
    templates = BODY_TEMPLATES
    assert len(templates) == 10
    assert {kind for _, kind, _, _ in templates} == set(Body.Kind.values) - {Body.Kind.OTHER}
    generate(0.01)  # the smallest set: a scrutiny board, a partnership and its subgroup
    kinds = set(Body.objects.values_list("kind", flat=True))
    assert kinds == {
        Body.Kind.SCRUTINY_BOARD,
        Body.Kind.SAFEGUARDING_PARTNERSHIP,
        Body.Kind.SUBGROUP,
    }
    subgroups = Body.objects.filter(kind=Body.Kind.SUBGROUP)
    assert subgroups.exists() and not subgroups.filter(parent__isnull=True).exists()
    assert not Body.objects.filter(aliases__isnull=True).exists()
    assert not Body.objects.filter(memberships__isnull=True).exists()
    chaired = Body.objects.filter(memberships__role="chair", memberships__end_date=None)
    assert chaired.distinct().count() == Body.objects.count()
    assert BodyAlias.objects.count() > Body.objects.count()
    assert not Person.objects.filter(aliases__isnull=True).exists()
    assert PersonAlias.objects.count() > Person.objects.count()
    assert OrganisationAlias.objects.count() > Organisation.objects.count()
    # Synthetic records point at no document, and their bodies say where they came from.
    assert not TrackedItem.objects.filter(source__isnull=False).exists()
    assert not Body.objects.exclude(remit__contains="scrutineer synth").exists()


@pytest.mark.django_db
def test_meetings_span_ten_years_with_every_status():
    generate(0.2)
    years = set(Minute.objects.values_list("municipal_year", flat=True))
    assert len(years) == 10 and "2026/27" in years and "2017/18" in years
    statuses = set(Meeting.objects.values_list("status", flat=True))
    assert statuses == set(Meeting.Status.values)
    assert not Meeting.objects.filter(status="held", date__gt=TODAY).exists()
    assert not Meeting.objects.filter(status="scheduled", date__lte=TODAY).exists()
    # Minutes are numbered through each body's municipal year.
    for body in Body.objects.all():
        numbers = list(
            Minute.objects.filter(meeting__body=body, municipal_year="2020/21")
            .order_by("meeting__date", "number")
            .values_list("number", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1))


# --- the tracker ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_item_has_a_body_its_meeting_and_source_agree():
    generate()
    items = TrackedItem.objects.select_related("meeting", "resolution__minute", "parent")
    assert items.count() > 0
    for item in items:
        assert item.body_id is not None
        assert item.meeting.body_id == item.body_id
        if item.source_kind == TrackedItem.SourceKind.RESOLUTION:
            assert item.resolution.minute.meeting_id == item.meeting_id
            assert item.resolution.text == item.text
        if item.parent:
            assert item.parent.parent_id is None
            assert item.parent.body_id == item.body_id
            assert item.number.startswith(item.parent.number)


@pytest.mark.django_db
def test_status_histories_end_in_the_current_status():
    generate()
    status = dict(TrackedItem.objects.values_list("pk", "status"))
    changes = StatusChange.objects.order_by("tracked_item", "changed_at", "pk")
    histories = {pk: list(rows) for pk, rows in groupby(changes, key=lambda c: c.tracked_item_id)}
    assert histories.keys() == status.keys()
    lengths = set()
    for pk, history in histories.items():
        lengths.add(len(history))
        assert history[-1].to_status == status[pk]
        assert history[0].from_status == "" and history[0].to_status == "open"
        for before, after in zip(history, history[1:], strict=False):
            assert after.from_status == before.to_status
            assert after.changed_at > before.changed_at
    assert lengths == {1, 2, 3, 4, 5}
    versions = dict(TrackedItem.objects.values_list("pk", "version"))
    assert all(versions[pk] == len(history) for pk, history in histories.items())


@pytest.mark.django_db
def test_mix_of_types_sources_statuses_and_due_dates():
    generate()
    items = TrackedItem.objects.all()
    total = items.count()
    assert set(items.values_list("item_type", flat=True)) == {"R", "A", "I"}
    assert set(items.values_list("source_kind", flat=True)) == set(TrackedItem.SourceKind.values)
    assert set(items.values_list("status", flat=True)) == set(TrackedItem.Status.values)

    overdue = items.overdue(TODAY).count()
    assert 0.03 * total <= overdue <= 0.3 * total
    assert items.filter(due_date__gt=TODAY).exclude(status__in=rules.CLOSED_STATUSES).exists()
    assert 0 < items.filter(due_date__isnull=True).count() < 0.2 * total
    derived = items.filter(due_basis__startswith='"')
    assert derived.exists()
    for item in derived[:20]:
        assert derive_due_date(item.text, item.meeting.date).date == item.due_date

    restricted = items.filter(visibility=Visibility.RESTRICTED).count()
    assert 0 < restricted <= 0.1 * total
    with_response = items.filter(responses__isnull=False).distinct().count()
    assert 0.35 * total <= with_response <= 0.65 * total
    assert not Response.objects.filter(tracked_item__status__in=["open", "sent"]).exists()
    assert 0.03 * total <= items.filter(parent__isnull=False).count() <= 0.3 * total


@pytest.mark.django_db
def test_parties_name_people_organisations_and_bodies():
    generate()
    assert not TrackedItem.objects.filter(parties__isnull=True).exists()
    parties = Party.objects.all()
    assert parties.filter(person__isnull=False).exists()
    assert parties.filter(organisation__isnull=False).exists()
    assert parties.filter(body__isnull=False).exists()
    assert parties.filter(person=None, organisation=None, body=None).exists()  # "All agencies"
    assert set(parties.values_list("role", flat=True)) == {"owner", "addressee"}
    for party in parties.filter(role="addressee", person__isnull=False)[:20]:
        assert party.label.startswith("Cabinet Member (")


@pytest.mark.django_db
def test_work_programmes_per_body_and_year():
    generate(0.02)
    programme = WorkProgrammeItem.objects.all()
    for body in Body.objects.all():
        years = set(programme.filter(body=body).values_list("municipal_year", flat=True))
        assert len(years) == 10
    assert set(programme.exclude(bucket="").values_list("bucket", flat=True)) == set(
        WorkProgrammeItem.Bucket.values
    )
    assert set(programme.values_list("status", flat=True)) == set(WorkProgrammeItem.Status.values)
    held = programme.filter(status="held", standing=False)
    for row in held.select_related("meeting", "taken_at")[:50]:
        assert row.meeting.status == "held" and row.taken_at.meeting_id == row.meeting_id
    assert programme.filter(standing=True).exists()
    carried = programme.filter(origin_tracked_item__isnull=False)
    assert carried.exists()
    assert FollowUp.objects.count() == carried.count()


# --- reproducible, atomic, guarded ---------------------------------------------------------


def snapshot():
    first = TrackedItem.objects.order_by("pk")[:10]
    return (
        {
            "bodies": Body.objects.count(),
            "meetings": Meeting.objects.count(),
            "items": TrackedItem.objects.count(),
            "changes": StatusChange.objects.count(),
            "responses": Response.objects.count(),
            "programme": WorkProgrammeItem.objects.count(),
        },
        [(i.text, i.status, i.due_date) for i in first],
    )


@pytest.mark.django_db(transaction=True)
def test_same_seed_same_data_other_seed_other_data():
    generate(0.01, seed=7)
    first = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    assert TrackedItem.objects.count() == 0
    generate(0.01, seed=7)
    assert snapshot() == first
    call_command("flush", interactive=False, verbosity=0)
    generate(0.01, seed=8)
    assert snapshot()[1] != first[1]


@pytest.mark.django_db
def test_a_failure_part_way_writes_nothing(monkeypatch):
    def fail(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(synth.Synthesiser, "work_programmes", fail)
    with pytest.raises(RuntimeError):
        generate(0.01)
    assert Body.objects.count() == 0 and TrackedItem.objects.count() == 0


@pytest.mark.django_db
def test_refuses_a_database_with_ingested_documents_unless_forced():
    make_document()
    with pytest.raises(CommandError, match="ingested documents"):
        call_command("synth", "--scale", "0.01", stdout=StringIO())
    assert Body.objects.count() == 0

    call_command("synth", "--scale", "0.01", "--force", stdout=StringIO())
    assert TrackedItem.objects.count() == 200


@pytest.mark.django_db
def test_refuses_to_run_twice():
    call_command("synth", "--scale", "0.01", stdout=StringIO())
    with pytest.raises(CommandError, match="already holds synthetic data"):
        call_command("synth", "--scale", "0.01", "--force", stdout=StringIO())
    assert TrackedItem.objects.count() == 200


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["0", "-2", "lots"])
def test_rejects_a_bad_scale(bad):
    with pytest.raises(CommandError):
        call_command("synth", "--scale", bad, stdout=StringIO())
    assert Body.objects.count() == 0


@pytest.mark.django_db
def test_command_prints_a_one_line_summary():
    out = StringIO()
    call_command("synth", "--scale", "0.01", "--seed", "3", "--today", "2026-11-22", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    overdue = TrackedItem.objects.overdue(TODAY).count()
    assert lines[0].startswith("Synthetic data at scale 0.01, seed 3, as of 22 November 2026: ")
    assert "3 bodies" in lines[0] and "5 meetings" in lines[0]
    assert f"200 tracked items ({overdue} overdue)" in lines[0]


@pytest.mark.django_db
def test_synth_writes_the_search_index():
    """Synth writes in bulk, past the index's signals, then writes the index whole: a
    synthetic tracked item is found by its own words."""
    from django.contrib.auth.models import AnonymousUser

    from scrutineer.search.engine import Filters, search
    from scrutineer.search.models import SearchEntry

    out = StringIO()
    call_command("synth", "--scale", "0.01", "--skip-scorecards", stdout=out)
    entries = SearchEntry.objects.count()
    assert f"; search index: {entries:,} entries written" in out.getvalue()
    item = TrackedItem.objects.filter(visibility="public").order_by("pk").first()
    assert SearchEntry.objects.filter(kind="tracked-item", record_id=item.pk).exists()
    words = " ".join(item.text.split()[:4])
    found = search(item.body.council, AnonymousUser(), f'"{words}"', Filters(kind="tracked-item"))
    pages = [found.hits]
    for page in range(2, found.total // 20 + 2):
        pages.append(
            search(
                item.body.council, AnonymousUser(), f'"{words}"', Filters(kind="tracked-item"), page
            ).hits
        )
    assert item.pk in {hit.record_id for hits in pages for hit in hits}
