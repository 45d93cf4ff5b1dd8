"""XMP packets in the long form strict readers expect: one element per property.

RDF/XML lets a property be written as an attribute of ``rdf:Description``
(``<rdf:Description pdfaid:part="3" pdfaid:conformance="B"/>``) and lets the
namespaces be declared once on ``rdf:RDF``.  WeasyPrint writes both shortcuts.
veraPDF reads them; PDFBox Preflight does not (it reports "Schema is not set" for
every namespace declared on ``rdf:RDF`` only), and format identifiers that grep
the raw bytes look for ``<pdfaid:part>3</pdfaid:part>``.  :func:`expand` rewrites
a packet into the equivalent long form, the same RDF statements in the same order:

- every property attribute becomes a child element holding the same text;
- every ``rdf:Description`` declares the namespaces its properties use.

>>> packet = (
...     b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\\n'
...     b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
...     b' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
...     b' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
...     b'<rdf:Description rdf:about="" pdfaid:part="3" pdfaid:conformance="U"/>'
...     b'</rdf:RDF></x:xmpmeta>\\n<?xpacket end="r"?>'
... )
>>> print(expand(packet).decode())  # doctest: +NORMALIZE_WHITESPACE
<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 rdf:about=""><pdfaid:part>3</pdfaid:part><pdfaid:conformance>U</pdfaid:conformance></rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="r"?>
"""

from __future__ import annotations

import copy

from lxml import etree

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML = "http://www.w3.org/XML/1998/namespace"
_DESCRIPTION = f"{{{RDF}}}Description"
#: attributes that are RDF syntax or xml:lang, not properties
_SYNTAX = (f"{{{RDF}}}", f"{{{XML}}}")


def expand(packet: bytes) -> bytes:
    """The XMP ``packet`` with every property as an element and namespaces per Description.

    The ``<?xpacket?>`` wrapper and the ``x:xmpmeta`` root are kept as they are.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(packet, parser)
    old = root if root.tag == f"{{{RDF}}}RDF" else root.find(f"{{{RDF}}}RDF")
    if old is None:
        return packet
    prefixes = _prefixes(old)
    new = etree.Element(f"{{{RDF}}}RDF", nsmap={"rdf": RDF})
    for description in old.iterchildren(_DESCRIPTION):
        attrs = {str(k): str(v) for k, v in description.attrib.items()}
        props = [(k, v) for k, v in attrs.items() if not k.startswith(_SYNTAX)]
        syntax = {k: v for k, v in attrs.items() if k.startswith(_SYNTAX)}
        used = {etree.QName(k).namespace for k, _ in props}
        used |= {etree.QName(child).namespace for child in description.iterchildren("{*}*")}
        named = sorted(ns for ns in used if ns is not None and ns != RDF)
        nsmap: dict[str | None, str] = {"rdf": RDF}
        nsmap.update({prefixes[ns]: ns for ns in named})
        long_form = etree.SubElement(new, _DESCRIPTION, syntax, nsmap=nsmap)
        for name, value in props:
            etree.SubElement(long_form, name).text = value
        for child in description:
            long_form.append(copy.deepcopy(child))
    for other in old.iterchildren():  # anything that is not a Description stays as it was
        if other.tag != _DESCRIPTION:
            new.append(copy.deepcopy(other))
    if old is root:
        return etree.tostring(new, encoding="utf-8")
    root.replace(old, new)
    etree.cleanup_namespaces(root)
    return _with_wrapper(root)


def _prefixes(rdf: etree._Element) -> dict[str, str]:
    """Namespace URI -> prefix, as the packet declared them (the standard XMP prefixes)."""
    found: dict[str, str] = {}
    for element in rdf.iter():
        for prefix, uri in element.nsmap.items():
            if prefix is not None:
                found.setdefault(uri, prefix)
    return found


def _with_wrapper(root: etree._Element) -> bytes:
    """``root`` serialised between the processing instructions that surrounded it."""
    before: list[bytes] = []
    node = root.getprevious()
    while node is not None:
        before.insert(0, etree.tostring(node, encoding="utf-8", with_tail=False))
        node = node.getprevious()
    after: list[bytes] = []
    node = root.getnext()
    while node is not None:
        after.append(etree.tostring(node, encoding="utf-8", with_tail=False))
        node = node.getnext()
    body = etree.tostring(root, encoding="utf-8", with_tail=False)
    return b"\n".join([*before, body, *after])
