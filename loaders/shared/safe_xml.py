"""XML parsed without DTDs, entities or network: a file declaring a DTD or entity is refused.

Open-data XML never needs them, and they are how XML attacks work (external entities reading
local files, entity expansion bombs). The check looks at the bytes and then at what the parser
saw, so neither an encoding (UTF-16) nor a long comment hides a declaration.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from loaders.shared.common import FileRejected


def parse(path: Path) -> etree._Element:
    """The root element, parsed safely; DTDs and entity declarations are refused."""
    data = path.read_bytes()
    if not data.strip():
        raise FileRejected("the file is empty", "empty-file")
    head = data[:65536].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise FileRejected(
            "the XML declares a DTD or entities, which are refused for safety", "xml-dtd"
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FileRejected(f"malformed XML: {exc}", "malformed-xml") from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:  # one the byte check could not see
        raise FileRejected(
            "the XML declares a DTD or entities, which are refused for safety", "xml-dtd"
        )
    return root
