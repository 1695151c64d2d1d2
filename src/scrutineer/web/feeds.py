"""A body's Atom feeds: its new meetings, its published minutes, and its new or changed
tracked items. Each holds only what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Exists, F, Max, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from scrutineer.governance.models import Body, Meeting, Minute, in_council
from scrutineer.tracker.models import TrackedItem

ENTRIES = 50  # the newest entries a feed holds


@dataclass(frozen=True)
class Reading:
    """The body a feed is about and who reads it: a feed object is shared by every
    request, so the reader travels with the body."""

    body: Body
    user: object


class BodyFeed(Feed):
    feed_type = Atom1Feed
    what = ""  # "new meetings", completing the title

    def get_object(self, request, slug):
        body = get_object_or_404(in_council(Body.objects.all(), request.council), slug=slug)
        return Reading(body, request.user)

    def title(self, reading):
        return f"{reading.body.name}: {self.what}"

    def link(self, reading):
        return reading.body.get_absolute_url()

    def feed_url(self, reading):
        return reverse(self.url_name, args=[reading.body.slug])

    def _meetings(self, reading):
        visible = Meeting.objects.visible_to(reading.user).select_related("body")
        return visible.filter(body=reading.body)


class NewMeetingsFeed(BodyFeed):
    what = "new meetings"
    url_name = "body-meetings-feed"

    def subtitle(self, reading):
        return f"Meetings of {reading.body.name}, newest recorded first."

    def items(self, reading):
        learned = F("source__ingested_at")
        meetings = self._meetings(reading).with_evidence().annotate(learned=learned)
        return meetings.order_by("-pk")[:ENTRIES]

    def item_title(self, meeting):
        return f"{meeting.date:%-d %B %Y}: {meeting.body.name} ({meeting.standing.label})"

    def item_description(self, meeting):
        return meeting.venue or "No venue is recorded."

    def item_pubdate(self, meeting):
        return meeting.learned


class MinutesFeed(BodyFeed):
    what = "published minutes"
    url_name = "body-minutes-feed"

    def subtitle(self, reading):
        return f"Meetings of {reading.body.name} with minutes, latest meeting first."

    def items(self, reading):
        minutes = Minute.objects.visible_to(reading.user)
        return (
            self._meetings(reading)
            .filter(Exists(minutes.filter(meeting=OuterRef("pk"))))
            .annotate(learned=Max("minutes__source__ingested_at"))
            .prefetch_related(Prefetch("minutes", queryset=minutes, to_attr="readable"))
            .order_by("-date")[:ENTRIES]
        )

    def item_title(self, meeting):
        return f"Minutes of {meeting.body.name}, {meeting.date:%-d %B %Y}"

    def item_description(self, meeting):
        return "; ".join(f"{minute.reference}. {minute.title}" for minute in meeting.readable)

    def item_pubdate(self, meeting):
        return meeting.learned


class TrackedItemsFeed(BodyFeed):
    what = "new or changed tracked items"
    url_name = "body-tracked-items-feed"

    def subtitle(self, reading):
        return f"What {reading.body.name} recommended or asked for, latest change first."

    def items(self, reading):
        visible = TrackedItem.objects.visible_to(reading.user).filter(body=reading.body)
        return visible.annotate(status_changed=Max("status_changes__changed_at")).order_by(
            "-updated_at", "-pk"
        )[:ENTRIES]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        due = f", due {item.due_date:%-d %B %Y}" if item.due_date else ""
        return f"{item.get_status_display()}{due}. {item.text}"

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return max(filter(None, (item.updated_at, item.status_changed)))
