"""Loaders: one module per source format, each reading one file into records and findings.

Every format module has the same two functions: ``detect(path) -> bool`` (a small read: is this
file mine?) and ``load(path, progress=None) -> LoadResult`` (records plus issues, never touching
the database). ``registry`` lists them and picks one for a file. The document loader is a
package (``loaders.document``: formats, units, cards, roles, titles, funding, dates, rules,
assembly, coreference); facts (``facts``), curation, the shared table reading and cell checks
(``common``, ``template_columns``), safe XML (``safe_xml``) and the gazetteer (``places``) sit
beside them. Values (numbers, money, dates, countries) and the identity rule
come from graph.model. Loaders import nothing from graph/ but ``graph.model``; a new format
is a module here plus a line in ``registry``.
"""
