"""Tracked items from papers: resolutions that ask for something, and (from the parser)
Outstanding Issues rows, case-review recommendations and action-plan rows.

Each item gets an ``import_key`` naming what identifies it in the papers, so loading the
same paper again, or a later version of it, updates the item instead of duplicating it.
"""

from __future__ import annotations

import datetime as dt

from scrutineer.governance.models import Body, Meeting, Minute, Resolution, alias_key
from scrutineer.packs.model import ParsedResolution, ParsedTrackedItem
from scrutineer.packs.titles import most_alike
from scrutineer.tracker import workflow
from scrutineer.tracker.models import (
    ActionPlan,
    FollowUp,
    ItemSource,
    Milestone,
    Party,
    Response,
    TrackedItem,
)
from scrutineer.tracker.owners import link_parties
from scrutineer.tracker.resolutions import item_fields, opening_note, parties_of, resolution_key

from .assurance.bodies import item_body
from .records import fetch_or_create


def upsert_item(
    *,
    body: Body,
    import_key: str,
    status: str,
    history_note: str,
    when: dt.date | None,
    seen: dt.date | None = None,
    parties: list[tuple[str, str]] = (),
    opening: bool = False,
    **fields,
) -> tuple[TrackedItem, bool]:
    """Create or update one imported item, its parties and its opening history entry.

    ``seen`` is the date of the paper that shows it: the item's ``last_seen`` is the latest
    such date (or of a change made in Scrutineer). Every imported item's parties go through
    the one owner-label rule (``tracker.owners.link_parties``), whether read from a
    resolution or a table. With ``opening`` the status is only a new item's: a resolution
    opens an item and says nothing later of its progress."""
    item = TrackedItem.objects.filter(body=body, import_key=import_key).first()
    created = item is None
    if created:
        item = TrackedItem.objects.create(
            body=body, import_key=import_key, status=status, last_seen=seen, **fields
        )
        _history(item, status, history_note, when, from_status="")
        unique = dict.fromkeys((role, label[:255]) for role, label in parties)
        Party.objects.bulk_create(
            Party(tracked_item=item, role=role, label=label) for role, label in unique
        )
        link_parties(item)
        return item, created
    for name, value in fields.items():
        setattr(item, name, value)
    if seen and (item.last_seen is None or seen > item.last_seen):
        item.last_seen = seen
    hand_changed = item.status_changes.exclude(changed_by=None).exists()
    if item.status != status and not opening and not hand_changed:
        # Only the papers have spoken: a newer paper's status stands. Hand-made changes win.
        _history(item, status, history_note, when)
        item.status = status
    item.save()
    for role, label in parties:
        fetch_or_create(Party, tracked_item=item, role=role, label=label[:255])
    link_parties(item)
    return item, created


def _history(item, status, note, when, from_status=None):
    workflow.record_from_paper(item, status, note, when, from_status)


def items_from_resolutions(
    minute: Minute,
    resolutions: list[tuple[Resolution, ParsedResolution]],
    seen: dt.date | None = None,
) -> int:
    """A tracked item for each resolution that asks for something; "note" alone is not one.
    What each asks, of whom and by when was read by the parser; ``seen`` is the date of the
    paper the minutes are in."""
    meeting: Meeting = minute.meeting
    created = 0
    for resolution, parsed in resolutions:
        ask = parsed.ask
        if ask is None:
            continue
        key = resolution_key(minute, resolution)
        _adopt_listed_twin(meeting, resolution.text, key)
        item, new = upsert_item(
            body=meeting.body,
            import_key=key,
            status=TrackedItem.Status.OPEN,
            history_note=opening_note(minute, ask),
            opening=True,
            when=meeting.date,
            seen=seen or meeting.date,
            parties=parties_of(ask),
            **item_fields(minute, resolution, ask),
        )
        created += int(new)
    return created


_DEFAULT_TYPES = {
    "case-review": "R",
    "action-plan": "A",
    "outstanding-issues": "R",
    "audit": "R",
}


def load_parsed_items(loader, items: list[ParsedTrackedItem], home_body: Body | None) -> None:
    """Outstanding Issues rows, case-review recommendations and action-plan rows."""
    if home_body is None and items:
        home_body = loader.names.body(loader._name(items[0].review or "Unassigned", items[0].lines))
    for order, item in enumerate(items):
        _load_parsed(loader, item, item_body(loader, item, home_body), None, order)


def _load_parsed(loader, item: ParsedTrackedItem, body: Body, parent, order: int):
    meeting = None
    if item.meeting_date:
        meeting, created = fetch_or_create(
            Meeting,
            body=body,
            date=dt.date.fromisoformat(item.meeting_date),
            defaults={"status": Meeting.Status.HELD},
        )
        if created:
            loader._sourced(meeting, item.lines)
            meeting.save()
    key = _parsed_key(item, parent, order)
    status = item.status or ("in-progress" if item.responses else "open")
    twin = None
    if item.source_kind == "outstanding-issues" and meeting is not None:
        twin = same_request(meeting, item.text, exclude_kind="outstanding-issues")
    if twin is not None:
        _also_stated(loader, twin, item, status)
        return
    stated = item.due_date and dt.date.fromisoformat(item.due_date)
    record, created = upsert_item(
        body=body,
        import_key=key,
        status=status,
        history_note=_history_note(item, loader.pack),
        when=loader.paper_date,
        seen=loader.paper_date or (meeting.date if meeting else None),
        parties=[(Party.Role.OWNER, owner) for owner in item.owners],
        item_type=item.item_type
        or (parent.item_type if parent else None)
        or _DEFAULT_TYPES.get(item.source_kind, "A"),
        text=item.text,
        number=item.number or "",
        source_kind=item.source_kind,
        source_reference=item.review or item.audit or (item.topic or ""),
        topic=item.topic or "",
        progress_level=item.progress_level,
        meeting=meeting,
        parent=parent,
        plan=_plan(loader, item, body, meeting),
        officer_contact_text=(item.officer_contact or "")[:255],
        due_date=stated or None,
        due_basis=f"Stated: {item.due}" if item.due else "",
        source=loader.document,
        first_line=item.lines[0],
        last_line=item.lines[1],
    )
    _responses(loader, record, item)
    for order, step in enumerate(item.milestones):
        milestone, _ = fetch_or_create(Milestone, action=record, order=order, text=step.text)
        milestone.leads = step.owners
        milestone.timescale = step.due or ""
        milestone.due_date = dt.date.fromisoformat(step.due_date) if step.due_date else None
        milestone.done = step.status == "complete"
        loader._sourced(milestone, step.lines)
        milestone.save()
    loader._count("tracked items", int(created))
    for sub_order, sub in enumerate(item.subitems):
        _load_parsed(loader, sub, body, record, sub_order)


def follow_up_items(minute: Minute, earlier: list[Minute], seen: dt.date | None) -> int:
    """ "Further to Minute 50/16": the items resolved at minute 50/16 were taken up again at
    ``minute``, a follow-up of each, and the paper is evidence that they are still live."""
    made = 0
    for item in TrackedItem.objects.filter(resolution__minute__in=earlier).select_related(
        "resolution__minute"
    ):
        _, created = fetch_or_create(
            FollowUp,
            tracked_item=item,
            minute=minute,
            defaults={"note": f"Further to minute {item.resolution.minute.reference}."},
        )
        made += int(created)
        if seen and (item.last_seen is None or seen > item.last_seen):
            item.last_seen = seen
            item.save(update_fields=["last_seen"])
    return made


def same_request(meeting: Meeting, text: str, *, exclude_kind: str) -> TrackedItem | None:
    """The one item from ``meeting`` whose text states the same request as ``text`` (titles
    alike: ``packs.titles``), of another kind of source; None when none or several are."""
    candidates = TrackedItem.objects.filter(meeting=meeting, parent=None, plan=None).exclude(
        source_kind=exclude_kind
    )
    best, rivals = most_alike(text, candidates.order_by("pk"), lambda c: c.text)
    return None if rivals else best


def _also_stated(loader, twin: TrackedItem, row: ParsedTrackedItem, status: str) -> None:
    """An Outstanding Issues row restating an item already tracked: a source of that item;
    its status and response are the paper's news of it."""
    fetch_or_create(
        ItemSource,
        tracked_item=twin,
        source=loader.document,
        first_line=row.lines[0],
        defaults={"last_line": row.lines[1], "source_kind": row.source_kind},
    )
    upsert_item(
        body=twin.body,
        import_key=twin.import_key,
        status=status,
        history_note=_history_note(row, loader.pack),
        when=loader.paper_date,
        seen=loader.paper_date,
        parties=[(Party.Role.OWNER, owner) for owner in row.owners],
    )
    twin.refresh_from_db()
    _responses(loader, twin, row)
    loader._count("tracked items restated")


def _adopt_listed_twin(meeting: Meeting, text: str, key: str) -> None:
    """A resolution read after the Outstanding Issues row that restates it (papers loaded
    in another order): the row's item becomes the resolution's, keeping the row as a
    source, so that the same papers in any order give one item."""
    if TrackedItem.objects.filter(body=meeting.body, import_key=key).exists():
        return
    twin = same_request(meeting, text, exclude_kind="resolution")
    if twin is None or twin.source_kind != "outstanding-issues":
        return
    fetch_or_create(
        ItemSource,
        tracked_item=twin,
        source=twin.source,
        first_line=twin.first_line,
        defaults={"last_line": twin.last_line, "source_kind": twin.source_kind},
    )
    twin.import_key = key
    twin.save(update_fields=["import_key"])


def _responses(loader, record: TrackedItem, item: ParsedTrackedItem) -> None:
    for response in item.responses:
        # A progress note without a date of its own is dated by the paper that gives it.
        day = dt.date.fromisoformat(response.date) if response.date else loader.paper_date
        saved, _ = fetch_or_create(
            Response, tracked_item=record, text=response.text, defaults={"date": day}
        )
        loader._sourced(saved, response.lines)
        saved.save()


def _plan(loader, item: ParsedTrackedItem, body: Body, meeting) -> ActionPlan | None:
    """The one plan an action-plan row belongs to, presented at the paper's meeting."""
    if not item.plan:
        return None
    plan, created = fetch_or_create(
        ActionPlan,
        body=body,
        title=item.plan,
        source=loader.document,
        defaults={"meeting": loader.meeting or meeting},
    )
    if created:
        loader._sourced(plan, item.plan_lines)
        plan.save()
        loader._count("action plans")
    return plan


def _parsed_key(item: ParsedTrackedItem, parent, order: int) -> str:
    if parent is not None:
        return f"{parent.import_key}/{item.number or order}"[:255]
    if item.source_kind == "outstanding-issues":
        return f"outstanding-issues:{item.meeting_date}:{alias_key(item.text)[:150]}"
    if item.source_kind == "case-review":
        return f"case-review:{alias_key(item.review or '')[:150]}:{item.number or order}"
    if item.source_kind == "audit":
        return f"audit:{alias_key(item.audit or '')[:80]}:{alias_key(item.text)[:100]}"
    return f"{item.source_kind}:{alias_key(item.topic or '')[:80]}:{alias_key(item.text)[:100]}"


def _history_note(item: ParsedTrackedItem, pack) -> str:
    if item.source_kind == "outstanding-issues":
        return f"As reported in the Outstanding Issues report in {pack.source.name}."
    return f"As recorded in {pack.source.name}."
