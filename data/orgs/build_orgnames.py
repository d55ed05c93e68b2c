"""Rebuild orgnames.tsv, the names of real Bulgarian and Czech organisations the document rules
recognise without a legal form in front of them ("Region Beskydy", "Poradna pro integraci").

    python data/orgs/build_orgnames.py ../shared/datasets/grants-lists data/orgs/orgnames.tsv

From the public beneficiary lists in the grants-lists folder: Kohesio (Bulgaria and Czechia,
Cyrillic and Latin), UMIS (Bulgaria, in Latin transliteration; an HTML table saved as .xls) and
DotaceEU (Czech applicants). Companies and sole traders are left out (the graph is about civil
society and public bodies), and so are one-word names, which are too often everyday words.
Each row keeps the name as published and its country; nothing else of the lists is copied.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

KOHESIO = "kohesio-beneficiaries-bg-cz-sk-ro.tsv"
UMIS = "umis-bg-beneficiaries-2016-06-15.xls"
DOTACEEU = "dotaceeu-cz-2014-2020-recipients-2016.xlsx"
COUNTRIES = {"Bulgaria": "BG", "Czechia": "CZ"}
# Commercial forms (Bulgarian in both scripts, Czech, English as UMIS writes them).
COMPANY = re.compile(
    r"(?i)(?<!\w)(?:e?ood|e?ad|et|ооод|е?оод|е?ад|ет|ltd|jsc|plc|llc|sole owner|s\.\s?r\.\s?o|"
    r"spol\.|a\.\s?s|k\.\s?s|v\.\s?o\.\s?s|se|sd|сд|кд|kd|gmbh|inc)(?!\w)"
)


def _kohesio(folder: Path) -> list[tuple[str, str]]:
    with (folder / KOHESIO).open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            (row["Beneficiary Name"], COUNTRIES[row["Country"]])
            for row in rows
            if row["Country"] in COUNTRIES
        ]


def _umis(folder: Path) -> list[tuple[str, str]]:
    from lxml import html

    parser = html.HTMLParser(no_network=True, encoding="utf-8")
    root = html.fromstring((folder / UMIS).read_bytes(), parser=parser)
    rows = root.xpath("//table//tr")[1:]
    return [(r.xpath("./td")[0].text_content(), "BG") for r in rows if r.xpath("./td")]


def _dotaceeu(folder: Path) -> list[tuple[str, str]]:
    import openpyxl

    book = openpyxl.load_workbook(folder / DOTACEEU, read_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    column = next(rows).index("Žadatel")
    return [(str(row[column]), "CZ") for row in rows if row[column]]


def names(folder: Path) -> list[tuple[str, str]]:
    """(name, country) of the non-commercial bodies of the three lists, one per spelling."""
    seen: set[str] = set()
    out = []
    for name, country in [*_kohesio(folder), *_umis(folder), *_dotaceeu(folder)]:
        name = re.sub(r"\s+", " ", name).strip()
        folded = name.casefold()
        words = re.findall(r"[^\W\d_]{2,}", name)
        if COMPANY.search(name) or len(words) < 2 or folded in seen or len(name) > 120:
            continue
        seen.add(folded)
        out.append((name, country))
    return sorted(out, key=lambda r: (r[1], r[0].casefold()))


def main(folder: str, target: str) -> None:
    lines = ["name\tcountry"] + [f"{n}\t{c}" for n, c in names(Path(folder))]
    Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
