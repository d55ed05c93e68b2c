"""PDF, DOCX and HTML documents read like the text they were made from.

Each test builds the binary file at test time from one of the text fixtures, so the expected
facts are the text's own (whose values the document-loader tests check by hand).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from graph.model import Issue
from loaders import document, registry
from loaders.shared import curation
from tests.loader_checks import organisations_read

DOCS = Path(__file__).resolve().parent / "fixtures" / "documents"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian fonts-dejavu-core
FIXTURES = ["bg_report.md", "cs_project.txt", "en_page.md"]


def _keys(path: Path) -> set[tuple]:
    return {f.key for f in document.extract(path).facts}


def _lines(name: str) -> list[str]:
    return (DOCS / name).read_text(encoding="utf-8").splitlines()


def _pdf(lines: list[str], out: Path, per_page: int = 0) -> Path:
    from fpdf import FPDF

    pdf = FPDF(orientation="L", format="A3")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=5)
    pdf.add_page()
    for i, line in enumerate(lines):
        if per_page and i and i % per_page == 0:
            pdf.add_page()
        pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(out))
    return out


def _page_pdf(lines: list[str], out: Path) -> Path:
    """A4 at a reading size: long lines wrap, and justified text spaces its words out."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(out))
    return out


def _docx(lines: list[str], out: Path) -> Path:
    import docx

    doc = docx.Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.save(str(out))
    return out


@pytest.mark.parametrize("name", FIXTURES)
def test_pdf_gives_the_facts_of_its_text(name: str, tmp_path: Path) -> None:
    pdf = _pdf(_lines(name), tmp_path / f"{Path(name).stem}.pdf")
    assert _keys(pdf) == _keys(DOCS / name)


@pytest.mark.parametrize("name", FIXTURES)
def test_docx_gives_the_facts_of_its_text(name: str, tmp_path: Path) -> None:
    docx_file = _docx(_lines(name), tmp_path / f"{Path(name).stem}.docx")
    assert _keys(docx_file) == _keys(DOCS / name)


@pytest.mark.parametrize("name", FIXTURES)
def test_html_gives_the_facts_of_its_text(name: str, tmp_path: Path) -> None:
    body = "\n".join(f"<p>{escape(line)}</p>" for line in _lines(name))
    page = (
        f"<html><head><style>p {{x: 1}}</style><script>var a = 'Фондация X';</script>"
        f"</head><body>{body}</body></html>"
    )
    out = tmp_path / f"{Path(name).stem}.html"
    out.write_text(page, encoding="utf-8")
    assert _keys(out) == _keys(DOCS / name)


SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "003_cc3f915612210297.txt"


def test_a_wrapped_label_list_in_a_pdf_reads_like_its_text(tmp_path: Path) -> None:
    """The INTEGRA page's partner list wraps over three PDF lines; all six participants stay
    (counted by hand on the page: one 'Hlavní partner', five 'Ostatní partneři')."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    pdf = _page_pdf(lines, tmp_path / "integra.pdf")

    def roles(path: Path) -> list[str]:
        return sorted(f.v for f in document.extract(path).facts if f.f == "participates")

    assert roles(pdf) == roles(SEED) == ["lead"] + ["partner"] * 5


@pytest.mark.parametrize(
    "seed", ["000_addaaee1e83848d6", "002_50dca765a14888fc", "004_3d34b1196f84ad7c"]
)
def test_a_seed_page_as_a_wrapped_pdf_reads_like_its_text(seed: str, tmp_path: Path) -> None:
    """Paragraphs wrapped over lines and pages, capitals headings wrapped, the rules alone."""
    text = SEED.parent / f"{seed}.txt"
    pdf = _page_pdf(text.read_text(encoding="utf-8").splitlines(), tmp_path / f"{seed}.pdf")

    def keys(path: Path) -> set[tuple]:
        return {f.key for f in document.extract(path, curation.empty()).facts}

    assert keys(pdf) == keys(text)


def test_pdf_locators_name_page_and_line(tmp_path: Path) -> None:
    lines = _lines("en_page.md")  # title, blank, two sentences (the amount in the last)
    pdf = _pdf(lines, tmp_path / "paged.pdf", per_page=2)
    at = {f.at for f in document.extract(pdf).facts if f.f == "amount"}
    # Page 1 gives the title (L1; a blank cell leaves no text) and the page break (L2);
    # page 2 starts at L3, so the amount's sentence is L4.
    assert at == {"paged.pdf#p2#L4"}


def test_scanned_pdf_is_named_in_one_clear_message(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50, style="F")  # a picture of a page, no text
    pdf.output(str(tmp_path / "scan.pdf"))
    result = document.load(tmp_path / "scan.pdf")
    assert result.records == []
    assert [str(i) for i in result.issues] == [
        "scan.pdf: no text layer in its 1 page(s) (a scan?); run OCR first [no-text-layer]"
    ]
    assert isinstance(result.issues[0], Issue)


def test_registry_sends_pdf_docx_and_html_to_the_document_loader() -> None:
    found = {s: registry.detect(Path(f"x{s}")) for s in (".pdf", ".docx", ".html", ".htm")}
    assert found == dict.fromkeys((".pdf", ".docx", ".html", ".htm"), "document")


def test_html_entities_and_markup_never_become_a_name(tmp_path: Path) -> None:
    page = tmp_path / "evil.html"
    page.write_text(
        "<html><body><p>Project title: Clean Rivers</p>"
        "<p>Beneficiary: Evil&lt;script&gt;alert(3)&lt;/script&gt; Ltd</p></body></html>",
        encoding="utf-8",
    )
    text = tmp_path / "evil.txt"  # the same page copied as text, entities and all
    text.write_text(
        "Project title: Clean Rivers\n\n"
        "Beneficiary: Evil&lt;script&gt;alert(3)&lt;/script&gt; Ltd\n",
        encoding="utf-8",
    )
    assert organisations_read(page) == organisations_read(text) == {"Evil Ltd": {"lead"}}


def test_entities_in_a_text_are_decoded_before_names_are_read(tmp_path: Path) -> None:
    text = tmp_path / "entities.txt"
    text.write_text(
        "Проект &bdquo;Чиста река&ldquo;\n\nБенефициент: Сдружение &bdquo;Зелени мостове&ldquo;\n",
        encoding="utf-8",
    )
    assert organisations_read(text) == {'Сдружение "Зелени мостове"': {"lead"}}


def test_a_sentence_fragment_is_not_a_name_and_a_role_word_is_a_role(tmp_path: Path) -> None:
    text = tmp_path / "list.txt"
    text.write_text(
        "Project title: Clean Rivers\n\n"
        "Partners: Sofia Development Association (Sofia, Bulgaria), coordinator Acme GmbH "
        "(Berlin, Germany)\n",
        encoding="utf-8",
    )
    assert organisations_read(text) == {
        "Sofia Development Association": {"partner"},
        "Acme GmbH": {"lead"},
    }


def test_a_list_runs_to_the_next_role_marker(tmp_path: Path) -> None:
    """The lead marker's list stops where "in partnership with" opens the partners' list."""
    text = tmp_path / "prose.txt"
    text.write_text(
        "Project title: Clean Rivers\n\n"
        "The project is carried out by Green Danube Association in partnership with Partners "
        "Bulgaria Foundation (Sofia, Bulgaria), coordinator Acme GmbH (Berlin, Germany) and Blue "
        "Sea Society.\n",
        encoding="utf-8",
    )
    assert organisations_read(text) == {
        "Green Danube Association": {"lead"},
        "Partners Bulgaria Foundation": {"partner"},
        "Acme GmbH": {"lead"},
        "Blue Sea Society": {"partner"},
    }


def test_a_file_that_is_not_a_pdf_says_so_in_one_line(tmp_path: Path, caplog) -> None:
    (tmp_path / "notes.pdf").write_text("hello, these are notes\n")
    result = document.load(tmp_path / "notes.pdf")
    assert [i.code for i in result.issues] == ["unreadable"]
    assert "not a PDF" in str(result.issues[0])
    cut = _pdf(["Organisation: Example Foundation"], tmp_path / "whole.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(cut[: len(cut) // 2])  # a PDF broken off midway
    caplog.set_level("DEBUG")
    document.load(tmp_path / "cut.pdf")
    noise = [r.getMessage() for r in caplog.records if r.levelname in ("WARNING", "INFO")]
    assert noise == []  # the PDF library's repair notes ("EOF marker not found") are not logged
