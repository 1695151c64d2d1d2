"""The governance record: who sits on which body, when it met, what it decided.

Every record extracted from a published document keeps a link to that document and the
line span it came from (``Sourced``), so a page can always show the words behind a fact.
"""

from .councils import Council, in_council
from .meetings import (
    AgendaItem,
    Attendance,
    BriefingNote,
    BriefingRecommendation,
    Declaration,
    LinkedDocument,
    Meeting,
    Minute,
    ReportedAttendance,
    Resolution,
)
from .merges import Merge
from .people import (
    Body,
    BodyAlias,
    Membership,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Post,
    alias_key,
    unique_slug,
)
from .rosters import Roster, RosterEntry
from .sources import (
    Document,
    Original,
    PublicQuerySet,
    Section,
    Sourced,
    Visibility,
    Warning,
    line_span_label,
    visibility_field,
)

__all__ = [
    "AgendaItem",
    "LinkedDocument",
    "Attendance",
    "Body",
    "BodyAlias",
    "Council",
    "BriefingNote",
    "BriefingRecommendation",
    "Declaration",
    "Document",
    "Meeting",
    "Membership",
    "Merge",
    "Minute",
    "Organisation",
    "Original",
    "OrganisationAlias",
    "Person",
    "PersonAlias",
    "Post",
    "PublicQuerySet",
    "ReportedAttendance",
    "Roster",
    "RosterEntry",
    "Resolution",
    "Section",
    "Sourced",
    "Visibility",
    "Warning",
    "alias_key",
    "in_council",
    "line_span_label",
    "unique_slug",
    "visibility_field",
]
