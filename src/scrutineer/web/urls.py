from django.urls import path

from . import (
    agenda_editing,
    calendar_views,
    feeds,
    meeting_editing,
    merges,
    minutes_views,
    people,
    publishing,
    users,
    views,
)

MEETING = "bodies/<slug:slug>/meetings/<str:day>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/<slug:slug>/", views.body, name="body"),
    path("meetings/", calendar_views.meetings, name="meetings"),
    path("meetings.ics", calendar_views.council_icalendar, name="meetings-ics"),
    path(
        "bodies/<slug:slug>/meetings.ics", calendar_views.body_icalendar, name="body-meetings-ics"
    ),
    path("bodies/<slug:slug>/meetings.atom", feeds.NewMeetingsFeed(), name="body-meetings-feed"),
    path("bodies/<slug:slug>/minutes.atom", feeds.MinutesFeed(), name="body-minutes-feed"),
    path(
        "bodies/<slug:slug>/tracked-items.atom",
        feeds.TrackedItemsFeed(),
        name="body-tracked-items-feed",
    ),
    path("bodies/<slug:slug>/meetings/new/", meeting_editing.meeting_add, name="meeting-add"),
    path("bodies/<slug:slug>/meetings/<str:day>/", views.meeting, name="meeting"),
    path(f"{MEETING}publish/", publishing.agenda_publish, name="agenda-publish"),
    path(f"{MEETING}agenda-pack.pdf", publishing.agenda_pack, name="agenda-pack"),
    path(f"{MEETING}edit/", meeting_editing.meeting_edit, name="meeting-edit"),
    path(f"{MEETING}status/", meeting_editing.meeting_status, name="meeting-status"),
    path(f"{MEETING}agenda/", agenda_editing.agenda_edit, name="agenda-edit"),
    path(f"{MEETING}agenda/add/", agenda_editing.agenda_item_add, name="agenda-item-add"),
    path(f"{MEETING}agenda/<int:item>/", agenda_editing.agenda_item_edit, name="agenda-item-edit"),
    path(
        f"{MEETING}agenda/<int:item>/delete/",
        agenda_editing.agenda_item_delete,
        name="agenda-item-delete",
    ),
    path(
        f"{MEETING}agenda/<int:item>/attachments/add/",
        agenda_editing.attachment_add,
        name="attachment-add",
    ),
    path("attachments/<int:attachment>/", agenda_editing.attachment, name="attachment"),
    path(
        "attachments/<int:attachment>/delete/",
        agenda_editing.attachment_delete,
        name="attachment-delete",
    ),
    path(f"{MEETING}attendance/", minutes_views.attendance_edit, name="attendance-edit"),
    path(f"{MEETING}declarations/", minutes_views.declarations_edit, name="declarations-edit"),
    path(f"{MEETING}minutes/", minutes_views.minutes_edit, name="minutes-edit"),
    path(f"{MEETING}minutes/<int:item>/", minutes_views.minute_edit, name="minute-edit"),
    path(f"{MEETING}minutes.docx", minutes_views.minutes_docx_view, name="minutes-docx"),
    path(f"{MEETING}minutes.pdf", minutes_views.minutes_pdf_view, name="minutes-pdf"),
    path("people/", people.people, name="people"),
    path("people/<int:pk>/", people.person, name="person"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/original/", views.document_original, name="document-original"),
    path("warnings/", views.warnings, name="warnings"),
    path("users/", users.users, name="users"),
    path("users/invite/", users.invite, name="user-invite"),
    path("users/<int:pk>/role/", users.user_roles, name="user-roles"),
    path("merges/", merges.merge_list, name="merges"),
    path("merges/<str:kind>/<int:pk>/", merges.merge_record, name="merge"),
    path("merges/<int:pk>/undo/", merges.undo_merge, name="merge-undo"),
]
