"""ParsedAudit → rows: the audit, its findings under the Signs of Safety headings, and the
links to its recommendations, which ``ingest.tracked_items`` loaded from the same paper."""

from __future__ import annotations

from scrutineer.assurance.models import Audit, AuditFinding
from scrutineer.assurance.models.common import SignsOfSafety
from scrutineer.governance.models import Body
from scrutineer.packs.assurance.model import ParsedAudit
from scrutineer.packs.assurance.signs import signs_of_safety
from scrutineer.tracker.models import TrackedItem

from ..records import upsert
from .bodies import owning_body


def load_audits(loader, found: list[ParsedAudit], home_body: Body | None) -> None:
    for parsed in found:
        body = owning_body(loader, parsed.body, parsed.lines, home_body)
        if body is None:
            continue
        audit, created = upsert(
            Audit,
            {"body": body, "title": parsed.title},
            kind=parsed.kind,
            period=parsed.period or "",
            scope=parsed.scope or "",
            standards=[
                {"heading": s.heading, "text": s.text, "lines": list(s.lines)}
                for s in parsed.standards
            ],
            standards_count=parsed.standards_count,
            returned=list(parsed.returned),
            not_returned=list(parsed.not_returned),
            returned_count=parsed.returned_count,
            not_returned_count=parsed.not_returned_count,
            facts={name: list(span) for name, span in parsed.facts.items()},
            **loader._source_of(parsed.lines),
        )
        loader._count("audits", int(created))
        _findings(loader, audit, parsed)
        audit.recommendations.add(
            *TrackedItem.objects.filter(
                source=loader.document, source_kind="audit", source_reference=parsed.title
            )
        )


def _findings(loader, audit: Audit, parsed: ParsedAudit) -> None:
    """The paper's findings, in its order; a finding no longer printed is removed, and
    findings an officer added by hand (no source) are kept."""
    read = {f.order: f for f in audit.findings.exclude(source=None)}
    for order, finding in enumerate(parsed.findings):
        values = {
            "heading": signs_of_safety(finding.heading) or SignsOfSafety.OTHER,
            "printed_heading": finding.heading[:255],
            "text": finding.text,
            **loader._source_of(finding.lines),
        }
        record = read.pop(order, None)
        if record is None:
            AuditFinding.objects.create(audit=audit, order=order, **values)
            continue
        for name, value in values.items():
            setattr(record, name, value)
        record.save()
    AuditFinding.objects.filter(pk__in=[f.pk for f in read.values()]).delete()
