"""PDFs made the way councils make them: a Word document saved as PDF.

A pack's text is written as a DOCX with python-docx (``scrutineer.bench.papers``, shared
with ``scrutineer bench --pdf``), or a paper is written in Word's own way
(``pdf_council_papers``), and LibreOffice converts every file to PDF in one call.
Conversion is slow, so the PDFs are kept in a cache directory keyed by the texts' hash.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from scrutineer.bench import papers as writer
from scrutineer.bench.papers import convert, text_to_docx

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "scrutineer" / "sample"


def need_soffice() -> str:
    """LibreOffice's command, or a skip (a failure under CI) when it is not installed."""
    found = shutil.which("soffice")
    if found:
        return found
    message = "LibreOffice (soffice) is not installed: the PDF tests make their papers with it"
    if os.environ.get("SCRUTINEER_REQUIRE_SEEDS") == "1":
        pytest.fail(message)
    pytest.skip(message)


def build_pdfs(papers: dict[str, str | Callable[[Path], None]], cache: Path) -> dict[str, Path]:
    """PDFs of ``papers`` (stem -> a pack's text, or a function writing a DOCX), made once
    and kept under ``cache``, in a folder named by what they are made from."""
    made_from = hashlib.sha256()
    for stem, paper in sorted(papers.items()):
        made_from.update(stem.encode() + (paper.encode() if isinstance(paper, str) else b""))
    for module in [*Path(__file__).parent.glob("pdf_*.py"), Path(writer.__file__)]:
        made_from.update(module.read_bytes())
    key = made_from.hexdigest()[:16]
    folder = cache / key
    paths = {stem: folder / f"{stem}.pdf" for stem in papers}
    if all(path.is_file() for path in paths.values()):
        return paths
    need_soffice()
    cache.mkdir(parents=True, exist_ok=True)
    # made aside and moved into place whole, so another test run never reads half of it
    with tempfile.TemporaryDirectory(dir=cache, prefix=f"{key}-") as making:
        making = Path(making)
        docx_files = []
        for stem, paper in papers.items():
            docx = making / f"{stem}.docx"
            if isinstance(paper, str):
                text_to_docx(paper, docx)
            else:
                paper(docx)
            docx_files.append(docx)
        convert(docx_files, making, need_soffice())
        shutil.rmtree(making / "lo-profile", ignore_errors=True)
        try:
            making.rename(folder)
        except OSError:  # made meanwhile by another run, or left half made by a killed one
            if not all(path.is_file() for path in paths.values()):
                shutil.rmtree(folder, ignore_errors=True)
                making.rename(folder)
        making.mkdir()  # for TemporaryDirectory to remove
    return paths


def sample_texts() -> dict[str, str]:
    """The bundled sample packs' texts, by file stem."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))}


CACHE = Path(os.environ.get("SCRUTINEER_PDF_CACHE", "/tmp/scrutineer-pdf-fixtures"))
SEPTEMBER = "exampleshire-children-scrutiny-2025-09-18"
NOVEMBER = "exampleshire-children-scrutiny-2025-11-20"
MINUTES = "exampleshire-adult-care-minutes-2025-10-08"


@pytest.fixture(scope="session")
def pdf_papers() -> dict[str, Path]:
    """Every PDF the tests read, by stem: the bundled samples and the Exampleshire papers."""
    from .pdf_council_papers import COUNCIL_PAPERS

    return build_pdfs({**sample_texts(), **COUNCIL_PAPERS}, CACHE)
