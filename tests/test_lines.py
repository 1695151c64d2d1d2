"""The line numbering shared by the parser and the document pages, and the cache of line lists."""

from scrutineer.lines import LineCache, split_lines
from scrutineer.packs.reader import split_lines as parser_split_lines


def test_parser_and_pages_number_lines_the_same_way():
    assert parser_split_lines is split_lines
    assert split_lines("a\r\nb\rc\n") == ["a", "b", "c"]
    assert split_lines("") == []


def test_a_text_is_split_once_per_key():
    cache, reads = LineCache(max_chars=100), []

    def text():
        reads.append(1)
        return "one\ntwo\n"

    assert cache.lines((1, "sha"), text) == ("one", "two")
    assert cache.lines((1, "sha"), text) == ("one", "two")
    assert len(reads) == 1


def test_the_cache_is_bounded_by_characters():
    cache = LineCache(max_chars=10)
    cache.lines("a", "12345\n")
    cache.lines("b", "12345\n")  # 12 characters: "a", the oldest, goes
    assert list(cache._held) == ["b"]
    assert cache.lines("huge", "x" * 50) == ("x" * 50,)  # too big to hold, still split
    assert list(cache._held) == ["b"]


def test_a_saved_document_is_split_afresh(db):
    from scrutineer.governance.models import Document

    def make(text):
        return Document(
            pk=1, name="a.txt", title="A", kind=Document.Kind.REPORT, sha256="a" * 64,
            text=text, size_bytes=len(text), line_count=text.count("\n"),
        )  # fmt: skip

    first = make("one\n")
    first.save()
    assert first.lines() == ("one",)
    Document.objects.all().delete()  # as a rolled-back test leaves the pk free
    second = make("two\n")
    second.save()
    assert Document.objects.get(pk=1).lines() == ("two",)
