"""Loaders: one module per source format, each reading one file into records and findings.

Every format module has the same two functions: ``detect(path) -> bool`` (a small read: is this
file mine?) and ``load(path, progress=None) -> LoadResult`` (records plus issues, never touching
the database); a format that outgrows one module is a package split by noun, the two functions
in its ``__init__`` (``loaders.iati``, ``loaders.cordis``). ``registry`` lists them and picks
one for a file. The document loader is a package (``loaders.document``: formats, units, cards,
the rules and the organisations, titles, locations, markers, roles, funding and dates they find,
organisation names, institutions, assemble with its context, project facts and participation,
coreference); ``bundled`` reads the seed corpus the project ships. What every loader shares sits
in ``loaders.shared``: facts and the curation file, the records built from facts, table reading
and cell checks, encodings, safe XML, places and towns, and the guards against hostile files.
Values (numbers, money, dates, countries) and the identity rule come from graph.model. Loaders
import nothing from graph/ but ``graph.model``; a new format is a module here plus a line in
``registry``.
"""
