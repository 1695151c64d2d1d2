"""Every document keeps the file it was read from (before, only PDFs did). A document read
before then whose text, as UTF-8, is its file byte for byte (its sha256 says so) gets that
file as its original; one whose file cannot be rebuilt so (an HTML page, UTF-16) has none."""

import hashlib

from django.db import migrations

XML = "application/xml"
TEXT = "text/plain; charset=utf-8"


def keep_originals(apps, schema_editor):
    Document = apps.get_model("governance", "Document")
    Original = apps.get_model("governance", "Original")
    missing = Document.objects.filter(original__isnull=True).only(
        "pk", "text", "sha256", "kind", "format"
    )
    for document in missing.iterator(chunk_size=100):
        data = document.text.encode("utf-8")
        if hashlib.sha256(data).hexdigest() != document.sha256:
            continue
        answer = document.kind == "moderngov-answer" or document.format.endswith("-xml")
        Original.objects.create(document=document, content_type=XML if answer else TEXT, data=data)


class Migration(migrations.Migration):
    dependencies = [("governance", "0015_meeting_sequence")]

    operations = [migrations.RunPython(keep_originals, migrations.RunPython.noop)]
