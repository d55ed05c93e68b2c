"""The domain: one subpackage per noun, imported in one direction (top to bottom here).

- ``cli/``: ``python -m graph``, one module per group of commands;
- ``io/``: ingest (loaders -> resolve -> store), resolution, exports and import;
- ``analytics/``: the portfolio and derived networks, measures, communities, flows, partners;
- ``store/``: the Store (the only importer of ``neo4j``), every Cypher statement, the embedded
  server, the read-only guard, the write planner, dialect differences;
- ``model/``: records, closed label and type sets, ids, values; the only part loaders import;
- ``config``, ``errors``: settings read once from the environment; the errors people see.

Where things go: a new source format is a module in loaders/; a new measure goes in
``analytics/measures.py``; a new Cypher query is a constant in ``store/cypher.py``; a new
page is a file in app/pages/. tests/test_architecture.py checks the import directions.
"""
