import pytest
from scrutineer.ingest.loader import ingest_file, ingest_bytes
from tests.seeds import seed_path
from tests.helpers import row_counts
from scrutineer.assurance.models import Audit, PlanLevel

def test_x(db):
    p = seed_path("scrutiny-pack-2022-03-17.txt")
    ingest_file(p)
    for a in Audit.objects.all():
        print(a.pk, a.title, a.kind, a.body, a.recommendations.count(), a.findings.count())
    before = row_counts()
    ingest_bytes(p.read_bytes().replace(b"Matt deceased", b"Matt dead"), p.name)
    after = row_counts()
    print({k:(before.get(k),v) for k,v in after.items() if before.get(k)!=v})
    p = seed_path("scrutiny-pack-2016-07-21.txt")
    ingest_file(p)
    print(list(PlanLevel.objects.values_list("area","level","count","marks")))
    assert 0
