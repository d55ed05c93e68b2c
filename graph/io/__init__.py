"""Files in and out of the store.

- ``ingest``: the pipeline, file -> loaders/ -> resolve -> store, one transaction per file (of
  up to 10,000 records); the only part of graph/ that calls loaders/;
- ``resolve``: which incoming organisations and funders are ones the graph already holds;
- ``export``: JSON export and import (a lossless round trip);
- ``formats``: GraphML and GEXF for Gephi, CSV tables, Kumu XLSX;
- ``registry``: the formats that come in (the loaders') and go out (exports), by name.

A new source format goes in loaders/ (and its registry), not here.
"""
