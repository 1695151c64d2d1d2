"""The governance record: who sits on which body, when it met, what it decided.

Every record extracted from a published document keeps a link to that document and the
line span it came from (``Sourced``), so a page can always show the words behind a fact.
"""

from .meetings import (
    AgendaItem,
    Attendance,
    AttendanceQuerySet,
    AttendanceRecord,
    BriefingNote,
    BriefingRecommendation,
    Declaration,
    Meeting,
    Minute,
    ReportedAttendance,
    Resolution,
)
from .people import (
    Body,
    BodyAlias,
    Membership,
    MembershipQuerySet,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Post,
    alias_key,
    unique_slug,
)
from .sources import (
    LINE_CACHE_CHARS,
    Document,
    PublicQuerySet,
    Section,
    Sourced,
    Visibility,
    Warning,
    WarningQuerySet,
    line_span_label,
    visibility_field,
)

__all__ = [
    "AgendaItem",
    "Attendance",
    "AttendanceQuerySet",
    "AttendanceRecord",
    "Body",
    "BodyAlias",
    "BriefingNote",
    "BriefingRecommendation",
    "Declaration",
    "Document",
    "LINE_CACHE_CHARS",
    "Meeting",
    "Membership",
    "MembershipQuerySet",
    "Minute",
    "Organisation",
    "OrganisationAlias",
    "Person",
    "PersonAlias",
    "Post",
    "PublicQuerySet",
    "ReportedAttendance",
    "Resolution",
    "Section",
    "Sourced",
    "Visibility",
    "Warning",
    "WarningQuerySet",
    "alias_key",
    "line_span_label",
    "unique_slug",
    "visibility_field",
]
