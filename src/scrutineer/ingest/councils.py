"""Which council an ingested paper belongs to: the one rule.

1. ``--council SLUG`` (``ingest_file(..., council=SLUG)``) wins: that council, created if new
   (named as the paper names its council, unless another council already has that name).
2. Otherwise the council the paper names (``ParsedPack.council``), matched by name without
   case or punctuation, and created if new.
3. A paper that names no council belongs to the install's only council (on an empty
   install, the one the SCRUTINEER_COUNCIL setting names). With several councils it is
   refused, naming the file and the councils, and nothing is written.
"""

from __future__ import annotations

from scrutineer.governance.models import Council
from scrutineer.packs import PackError, ParsedPack


def council_for(pack: ParsedPack, slug: str | None = None) -> Council:
    printed = pack.council.name if pack.council else ""
    if slug:
        council = Council.objects.filter(slug=slug).first()
        if council is None:
            name = printed if printed and not Council.objects.find_named(printed) else ""
            try:
                council = Council.objects.for_slug(slug, name=name)
            except ValueError as problem:
                raise PackError(pack.source.name, f"--council {problem}") from None
        return council
    if printed:
        return Council.objects.named(printed)
    try:
        return Council.objects.default()
    except Council.Ambiguous:
        slugs = ", ".join(Council.objects.values_list("slug", flat=True))
        raise PackError(
            pack.source.name,
            f"names no council, and there are several ({slugs}); say which with "
            "--council SLUG; nothing was written",
        ) from None
