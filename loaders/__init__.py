"""Loaders: one module per source format, each reading one file into records and findings.

Every format module has the same two functions: ``detect(path) -> bool`` (a small read: is this
file mine?) and ``load(path, progress=None) -> LoadResult`` (records plus issues, never touching
the database). ``registry`` lists them and picks one for a file. The document loader's parts
(text units, rules, dates, assembly, resolution, curation) and the shared table reading sit
beside them. Loaders import nothing from graph/ but ``graph.model``; a new format is a module
here plus a line in ``registry``.
"""
