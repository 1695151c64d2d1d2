"""Private business kept off the public work programme (issue 7), on Coventry's seeds.

Apart from the sample packs' tests (test_restricted_pages.py) so that each module holds one
council's papers and uses a single-council install's addresses."""

import pytest

from scrutineer.governance.models import Body, Meeting, Visibility
from tests.helpers import signed_in, user_in


@pytest.fixture
def seeded(seeded_database, db):
    return Body.objects.get(name="Education and Children's Services Scrutiny Board (2)")


@pytest.fixture
def member(django_user_model, seeded):
    """A member of the board whose programme it is."""
    return signed_in(user_in(django_user_model, "member", "member", reads=[seeded]))


def test_restricted_meeting_is_absent_from_the_public_work_programme(client, member, seeded):
    meeting = Meeting.objects.get(body=seeded, date="2016-06-16")
    meeting.venue = "Committee Room 3, Council House"
    meeting.save()
    pages = [
        f"/bodies/{seeded.slug}/work-programme/2016-17/",
        f"/reports/bodies/{seeded.slug}/work-programme/2016-17/",
    ]
    for url in pages:  # public, it is shown, so the test below can fail
        assert "16 June 2016" in client.get(url).content.decode()

    Meeting.objects.filter(pk=meeting.pk).update(visibility=Visibility.RESTRICTED)
    for url in pages:
        public = client.get(url).content.decode()
        assert "16 June 2016" not in public, url
        assert "Committee Room 3" not in public, url
        assert meeting.get_absolute_url() not in public, url
        # The items planned for it are still public, without their meeting.
        assert "Recruitment and Retention of Social Work Staff" in public, url
        assert "16 June 2016" in member.get(url).content.decode(), url
    docx = client.get(f"/reports/bodies/{seeded.slug}/work-programme/2016-17.docx").content
    assert b"16 June 2016" not in _docx_text(docx)


def _docx_text(data: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")
