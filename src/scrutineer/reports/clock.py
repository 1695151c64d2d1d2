"""How the council's papers write a time of day: "10.30 am", "2.00 pm". One wording for the
front sheet, the minutes, the history of edits and the time a form shows for editing."""

from __future__ import annotations

import datetime as dt


def clock(time: dt.time | dt.datetime) -> str:
    """ "11.45 am", "2.00 pm"; noon is "12.00 pm" and midnight "12.00 am"."""
    return f"{time.hour % 12 or 12}.{time.minute:02d} {'am' if time.hour < 12 else 'pm'}"
