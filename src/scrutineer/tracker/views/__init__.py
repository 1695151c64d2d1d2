"""The tracker's pages: reading items, editing them, and the work programme."""

from .editing import add_tracked_item, change_status, record_response, settle_history
from .items import tracked_item, tracker_list
from .plans import action_plan
from .programme import add_programme_item, move_programme_item, work_programme
from .resolutions import track_resolution

__all__ = [
    "action_plan",
    "add_programme_item",
    "add_tracked_item",
    "change_status",
    "move_programme_item",
    "record_response",
    "settle_history",
    "track_resolution",
    "tracked_item",
    "tracker_list",
    "work_programme",
]
