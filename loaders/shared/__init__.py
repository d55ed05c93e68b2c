"""What every loader shares: reading cells and tables (``common``, ``sheets``, the spreadsheet
template's ``template_columns``), text encodings (``encoding``), safe XML (``safe_xml``), places
(``places``, ``towns``, ``cities``), the guards against hostile files (``guards``, ``scrub``), the
facts a document or the curation file states (``facts``, ``curation``) and the records built
from them (``from_facts``). Nothing here reads a source format of its own, and nothing here
imports a format module, the registry or the document reader.
"""
