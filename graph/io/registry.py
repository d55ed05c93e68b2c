"""Which formats come in and which go out: the one list the CLI, the app and the README name.

``IMPORTS`` are the loader registry's formats (``loaders.registry``), re-exported here so the
CLI and the app name them without calling loaders. ``EXPORTS`` are the export formats: the
button label, the file a download is called, its MIME type, the file names ``-o`` may give, and
whether a drawn view (a derived network) can be written in it. ``graph.io.export`` writes each,
the CLI's ``--format`` choices and the app's download buttons are made from it, and
``tests/test_architecture.py`` fails when the README names another.

>>> [fmt for fmt, x in EXPORTS.items() if x.view]
['gexf', 'graphml', 'csv']
>>> EXPORTS["csv"].file_name("network")
'network-csv.zip'
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders import registry as loaders

IMPORTS: tuple[str, ...] = tuple(loaders.FORMATS)  # --format of load, most specific first
# what each format reads, as the Data page says it (a test keeps it in step with IMPORTS)
READS: dict[str, str] = {
    "tabular": "a filled-in template (CSV or XLSX)",
    "grants": "a list of grants (CSV, TSV, XLSX or a portal's .xls)",
    "document": "a document (text, Markdown, PDF, DOCX or HTML)",
    "iati": "IATI XML",
    "360giving": "360Giving JSON",
    "cordis": "CORDIS project and organisation CSVs",
}
SUFFIXES: tuple[str, ...] = tuple(sorted(s.lstrip(".") for s in loaders.SUFFIXES))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Export:
    """One export format as people meet it."""

    label: str  # a download button's text
    ending: str  # how the downloaded file's name ends
    mime: str
    view: bool = False  # a drawn view (a derived network) can be written in it
    names: str = ""  # what -o must end in, said in words ("" for any name)
    suffixes: frozenset[str] = frozenset()  # the -o suffixes that say so ("" a folder)

    def file_name(self, stem: str) -> str:
        return f"{stem}{self.ending}"


EXPORTS: dict[str, Export] = {
    "json": Export("JSON (re-imports)", ".json", "application/json"),
    "gexf": Export("GEXF (Gephi)", ".gexf", "application/xml", view=True),
    "graphml": Export("GraphML", ".graphml", "application/xml", view=True),
    "csv": Export(
        "CSV (zip)",
        "-csv.zip",
        "application/zip",
        view=True,
        names="a zip (-o NAME.zip) or a folder (-o NAME) of nodes.csv and edges.csv",
        suffixes=frozenset({".zip", ""}),
    ),
    "kumu": Export(
        "Kumu (XLSX)",
        "-kumu.xlsx",
        XLSX,
        names="an XLSX workbook (-o NAME.xlsx) for Kumu",
        suffixes=frozenset({".xlsx"}),
    ),
}
VIEWS: tuple[str, ...] = tuple(fmt for fmt, x in EXPORTS.items() if x.view)
