"""The master as plain data for templates: dicts, lists and strings, no lxml.

Templates never touch the AKN tree (themes must not need XPath); this module is
the one place that reads the master on their behalf.  The context is the same
for every format, so HTML, PDF and EPUB say the same things.

The speech itself is ``body``: a tree of nodes in reading order.  Every node is a
dict with the same four keys, and a few more by kind::

    {"kind": "speech", "id": "address_1__speech_2", "children": [...], "inlines": [],
     "speaker": {"name": "...", "role": "..."}, "label": "THE PRESIDENT:",
     "interjection": False}
    {"kind": "section", "id": "..._tblock_1", "level": 1, "children": [heading, p, ...]}
    {"kind": "heading", "id": "", "level": 1, "inlines": [...]}
    {"kind": "list", "id": "..._list_1", "ordered": True, "marked": True, "children": [item...]}
    {"kind": "item", "id": "..._item_1", "num": "1.", "children": [p, list...]}
    {"kind": "quotation", "id": "..._container_1", "children": [p...]}
    {"kind": "p" | "salutation" | ..., "id": "..._p_5", "inlines": [...]}

An inline is ``{"text", "kind", "ref", "title", "children"}``: ``kind`` is ``text``
for plain text, else the AKN element's name (``organization``, ``location``,
``person``, ``role``, ``remark``, ``i``, ``b``...; ``docDate`` is ``date``), ``ref``
its ``refersTo`` (``"#au"``), ``title`` the reference's ``showAs`` (the ISO date
for dates).  ``text`` is always the whole text of the inline, so the texts of a
node's inlines joined are exactly the AKN element's text; ``children`` holds the
nested marks when there are any (a role naming an organ), and then their texts
joined are ``text`` again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.dates import format_date
from lxml import etree

from ..knowledge import ontology
from ..knowledge.language import direction
from ..model.akn import NS, XPNS, text_of
from ..model.document import BODY, IDENT, META, PREFACE, SpeechDocument
from ..model.identity import PROVENANCE_NS
from ..version import __version__

Node = dict[str, Any]
Inline = dict[str, Any]

_NS = f"{{{NS}}}"
#: Language of the role names in podium's ontology (``showAs`` in ``data/un.json``).
ONTOLOGY_LANG = "en"
#: AKN inline names templates see under another kind.
_INLINE_KINDS = {"docDate": "date"}
#: Inline kinds whose ``title`` is their ISO date rather than a reference's name.
_DATED = frozenset({"date", "docDate"})
#: Words the templates print around the speech (HTML, PDF and the EPUB's own pages), in
#: the six UN languages.
#: ``page`` is what goes before, between and after "X" and "Y" in "page X of Y";
#: ``source`` ends with its own colon and space (French and Chinese write them apart).
LABELS: dict[str, dict[str, Any]] = {
    "en": {
        "page": ["Page ", " of ", ""],
        "contents": "Contents",
        "expression": "Akoma Ntoso expression",
        "source": "Source: ",
        "cover": "Cover",
        "about": "About this speech",
        "title": "Title",
        "speaker": "Speaker",
        "date": "Date",
        "place": "Place",
        "status": "Delivery status",
        "work": "Akoma Ntoso work",
        "speech": "Speech",
    },
    "fr": {
        "page": ["Page ", " sur ", ""],
        "contents": "Table des matières",
        "expression": "Expression Akoma Ntoso",
        "source": "Source\u202f: ",
        "cover": "Couverture",
        "about": "À propos de ce discours",
        "title": "Titre",
        "speaker": "Orateur",
        "date": "Date",
        "place": "Lieu",
        "status": "Statut",
        "work": "Œuvre Akoma Ntoso",
        "speech": "Discours",
    },
    "es": {
        "page": ["Página ", " de ", ""],
        "contents": "Índice",
        "expression": "Expresión Akoma Ntoso",
        "source": "Fuente: ",
        "cover": "Cubierta",
        "about": "Acerca de este discurso",
        "title": "Título",
        "speaker": "Orador",
        "date": "Fecha",
        "place": "Lugar",
        "status": "Estado",
        "work": "Obra Akoma Ntoso",
        "speech": "Discurso",
    },
    "ru": {
        "page": ["Страница ", " из ", ""],
        "contents": "Содержание",
        "expression": "Выражение Akoma Ntoso",
        "source": "Источник: ",
        "cover": "Обложка",
        "about": "Об этой речи",
        "title": "Название",
        "speaker": "Выступающий",
        "date": "Дата",
        "place": "Место",
        "status": "Статус выступления",
        "work": "Произведение Akoma Ntoso",
        "speech": "Речь",
    },
    "ar": {
        "page": ["الصفحة ", " من ", ""],
        "contents": "المحتويات",
        "expression": "تعبير Akoma Ntoso",
        "source": "المصدر: ",
        "cover": "الغلاف",
        "about": "عن هذا الخطاب",
        "title": "العنوان",
        "speaker": "المتحدث",
        "date": "التاريخ",
        "place": "المكان",
        "status": "حالة الإلقاء",
        "work": "عمل Akoma Ntoso",
        "speech": "الخطاب",
    },
    "zh": {
        "page": ["第 ", " 页，共 ", " 页"],
        "contents": "目录",
        "expression": "Akoma Ntoso 表达",
        "source": "来源：",
        "cover": "封面",
        "about": "关于本讲话",
        "title": "标题",
        "speaker": "发言人",
        "date": "日期",
        "place": "地点",
        "status": "发表状态",
        "work": "Akoma Ntoso 作品",
        "speech": "讲话",
    },
}


def labels(lang: str) -> dict[str, Any]:
    """The template words for a BCP 47 tag (``fr-CH`` -> French), English by default."""
    table = LABELS.get(lang.split("-", 1)[0].lower(), LABELS["en"])
    return {**table, "page": list(table["page"])}


def short_title(title: str, limit: int = 80) -> str:
    """The title's head for running headers: the part before a dash or colon, if long.

    >>> short_title("Remarks to the Council - on cooperation between many bodies", 30)
    'Remarks to the Council'
    """
    if len(title) <= limit:
        return title
    for sep in (" - ", " – ", " — ", ": "):
        head = title.split(sep, 1)[0]
        if len(head) < len(title):
            return head if len(head) <= limit else head[: limit - 1].rstrip() + "…"
    return title[: limit - 1].rstrip() + "…"


class _Reader:
    """One walk over the master's preface and body, references resolved from one index."""

    def __init__(self, doc: SpeechDocument, lang: str) -> None:
        # roles podium knows are named in the speech's language where the ontology has it
        # (the six UN languages), in English otherwise; a role the sidecar gave or the
        # text printed is in the speech's language
        given = doc.root.xpath(
            f"{META}/a:proprietary/pv:field[@name='role'][@origin='given']",
            namespaces={**XPNS, "pv": PROVENANCE_NS},
        )
        self.lang = lang
        self.english = (
            set()
            if given or lang.split("-", 1)[0].lower() == ONTOLOGY_LANG
            else {role.show_as for role in ontology.roles()}
        )
        refs = doc.find(f"{META}/a:references")
        self.names: dict[str, str] = {}
        if refs is not None:
            for ref in refs:
                eid, show = ref.get("eId"), ref.get("showAs")
                if eid and show is not None:
                    self.names[eid] = show

    def name(self, ref: str | None) -> str | None:
        """The ``showAs`` of the TLC element a ``#ref`` points at."""
        if not ref or not ref.startswith("#"):
            return None
        return self.names.get(ref[1:])

    def speaker(self, speech: etree._Element) -> dict[str, str | None]:
        """Name and role of whoever gives ``speech``; ``lang``: the language of the role."""
        by = speech.get("by")
        role = self.name(speech.get("as"))
        return {
            # "#speaker" is the placeholder person of an unknown speaker: no name to show
            "name": None if by == "#speaker" else self.name(by),
            "role": role,
            "lang": ONTOLOGY_LANG if role in self.english else self.lang,
        }

    # --- inlines --------------------------------------------------------------------
    def inlines(self, el: etree._Element) -> list[Inline]:
        """The mixed content of ``el`` as inlines; their texts joined are ``el``'s text."""
        out: list[Inline] = []
        if el.text:
            out.append(_text(el.text))
        for child in el:
            if isinstance(child.tag, str):
                out.append(self.inline(child))
            if child.tail:
                out.append(_text(child.tail))
        return out

    def inline(self, el: etree._Element) -> Inline:
        name = _local(el)
        ref = el.get("refersTo")
        if name in _DATED:
            title = el.get("date")
        elif name == "docProponent":
            title = self.name(ref) or self.name(el.get("as"))
        else:
            title = self.name(ref)
        nested = len(el) > 0
        return {
            "text": text_of(el) if nested else (el.text or ""),
            "kind": _INLINE_KINDS.get(name, name),
            "ref": ref,
            "title": title,
            "children": self.inlines(el) if nested else [],
        }

    # --- body -----------------------------------------------------------------------
    def body(self, speeches: list[etree._Element]) -> list[Node]:
        """One ``speech`` node per speech, its ``from`` label verbatim.

        A labelled speech by someone other than the main speaker (the one who says
        the most) is an ``interjection``: "AUDIENCE MEMBER: Thank you!".
        """
        out: list[Node] = []
        said: dict[str | None, int] = {}
        for speech in speeches:
            by = speech.get("by")
            said[by] = said.get(by, 0) + len(text_of(speech))
        main = max(said, key=lambda by: said[by]) if said else None
        for speech in speeches:
            label = speech.find(f"{_NS}from")
            node = _node("speech", speech, children=self.blocks(speech, 0))
            node["speaker"] = self.speaker(speech)
            node["label"] = text_of(label) if label is not None else None
            node["interjection"] = label is not None and speech.get("by") != main
            out.append(node)
        return out

    def blocks(self, parent: etree._Element, level: int) -> list[Node]:
        """The block children of a container, ``level`` being the sections around them."""
        out: list[Node] = []
        for el in parent:
            if not isinstance(el.tag, str) or not el.tag.startswith(_NS):
                continue
            name = el.tag[len(_NS) :]
            if name in ("from", "num"):  # shown by their speech and item
                continue
            if name == "tblock":
                node = _node("section", el, children=self.blocks(el, level + 1))
                node["level"] = level + 1
            elif name == "blockList":
                items = self.blocks(el, level)
                node = _node("list", el, children=items)
                nums = [item.get("num", "") for item in items]
                node["ordered"] = any(any(c.isalnum() for c in n) for n in nums)
                node["marked"] = any(nums)
            elif name == "item":
                num = el.find(f"{_NS}num")
                node = _node("item", el, children=self.blocks(el, level))
                node["num"] = text_of(num) if num is not None else ""
            elif name == "blockContainer":
                node = _node(el.get("class") or "container", el, children=self.blocks(el, level))
            elif name == "heading":
                node = _node("heading", el, inlines=self.inlines(el))
                node["level"] = max(level, 1)
            elif name == "block":
                node = _node(el.get("name") or "block", el, inlines=self.inlines(el))
            else:  # p, and any other text-bearing element
                node = _node(name, el, inlines=self.inlines(el))
            out.append(node)
        return out

    # --- preface --------------------------------------------------------------------
    def preface(self, preface: etree._Element | None) -> list[Node]:
        """The preface's lines: ``title``, ``status`` and ``dateline`` (or ``p``) nodes.

        The printed title line (``longTitle/p``) holds the title and its delivery
        note; they become a ``title`` node (with the ``p``'s eId) and a ``status``
        node.  Every node says whether the editor supplied it (``status="editorial"``).
        """
        out: list[Node] = []
        if preface is None:
            return out
        for part in preface:
            if not isinstance(part.tag, str):
                continue
            editorial = part.get("status") == "editorial"
            if _local(part) == "longTitle":
                for p in part:
                    if isinstance(p.tag, str):
                        editorial_p = editorial or p.get("status") == "editorial"
                        out += self._title_line(p, editorial_p)
            else:
                out += self._preface_line(part, editorial)
        return out

    def _title_line(self, p: etree._Element, editorial: bool) -> list[Node]:
        inlines = self.inlines(p)
        status = [i for i in inlines if i["kind"] == "docStatus"]
        rest = _trim([i for i in inlines if i["kind"] != "docStatus"])
        out: list[Node] = []
        if rest:
            out.append(_preface_node("title", p.get("eId", ""), rest, editorial))
        out += [_preface_node("status", "", [s], editorial) for s in status]
        return out

    def _preface_line(self, p: etree._Element, editorial: bool) -> list[Node]:
        inlines = self.inlines(p)
        kinds = {i["kind"] for i in inlines if i["kind"] != "text" or i["text"].strip()}
        if kinds == {"docStatus"}:
            return [_preface_node("status", p.get("eId", ""), _trim(inlines), editorial)]
        kind = "dateline" if kinds & {"date", "location"} else "p"
        return [_preface_node(kind, p.get("eId", ""), inlines, editorial)]


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _text(text: str) -> Inline:
    return {"text": text, "kind": "text", "ref": None, "title": None, "children": []}


def _node(
    kind: str,
    el: etree._Element,
    children: list[Node] | None = None,
    inlines: list[Inline] | None = None,
) -> Node:
    return {
        "kind": kind,
        "id": el.get("eId", ""),
        "children": children or [],
        "inlines": inlines or [],
    }


def _preface_node(kind: str, eid: str, inlines: list[Inline], editorial: bool) -> Node:
    return {"kind": kind, "id": eid, "children": [], "inlines": inlines, "editorial": editorial}


def _trim(inlines: list[Inline]) -> list[Inline]:
    """Drop whitespace-only text at either end (the space between a title and its note)."""

    def blank(i: Inline) -> bool:
        return i["kind"] == "text" and not i["text"].strip()

    start, end = 0, len(inlines)
    while start < end and blank(inlines[start]):
        start += 1
    while end > start and blank(inlines[end - 1]):
        end -= 1
    return inlines[start:end]


def _linked_data(ctx: dict[str, Any]) -> dict[str, Any]:
    """schema.org facts about the speech, for a page's JSON-LD (a template runs ``tojson``).

    A speech has no schema.org type of its own: it is a ``CreativeWork`` of genre
    "speech", identified by its FRBR expression IRI, delivered (``datePublished``)
    at a place (``locationCreated``) to an audience.
    """
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "genre": "speech",
        "name": ctx["title"],
        "inLanguage": ctx["lang"],
        "identifier": ctx["frbr"]["expression"],
        "encodingFormat": "text/html",
    }
    speaker = ctx["speaker"]
    if speaker["name"]:
        author: dict[str, Any] = {"@type": "Person", "name": speaker["name"]}
        if speaker["role"]:
            author["jobTitle"] = speaker["role"]
        data["author"] = author
    if ctx["date"]:
        data["datePublished"] = ctx["date"]["iso"]
    if ctx["place"]:
        data["locationCreated"] = {"@type": "Place", "name": ctx["place"]}
    if ctx["addressee"]:
        data["audience"] = {"@type": "Audience", "audienceType": ctx["addressee"]}
    if ctx["publication"]:
        data["publisher"] = {"@type": "Organization", "name": ctx["publication"]}
    return data


def build_context(doc: SpeechDocument, generated: datetime) -> dict[str, Any]:
    """Everything a template may show about a speech."""
    lang = doc.value(f"{BODY}/@xml:lang") or "en"
    reader = _Reader(doc, lang)
    speeches = doc.speeches
    first = speeches[0] if speeches else doc.speech
    date_iso = doc.date
    date_long = None
    if date_iso:
        try:
            date_long = format_date(datetime.fromisoformat(date_iso), "long", locale=lang)
        except ValueError:
            date_long = date_iso
    expression = doc.expression_iri or ""
    # the FRBR title: a sidecar's title when one was given, else the printed one
    title = (
        doc.value(f"{IDENT}/a:FRBRWork/a:FRBRalias[@name='title']/@value")
        or doc.title
        or "Untitled speech"
    )
    ctx: dict[str, Any] = {
        "lang": lang,
        "dir": direction(lang),
        "title": title,
        "short_title": short_title(title),
        "status": doc.status,
        "date": {"iso": date_iso, "text": doc.date_text, "long": date_long} if date_iso else None,
        "place": doc.value(f"{PREFACE}//a:location"),
        "speaker": reader.speaker(first),
        "addressee": reader.name(first.get("to")),
        "publication": doc.value(f"{META}/a:publication/@showAs"),
        "preface": reader.preface(doc.doc.find(f"{_NS}preface")),
        "body": reader.body(speeches),
        "blocks": [
            {"kind": b.kind, "id": b.eid, "text": b.text, "container": b.container}
            for b in doc.blocks()
        ],
        "frbr": {
            "work": doc.work_iri,
            "expression": expression,
            "manifestation": doc.value(f"{IDENT}/a:FRBRManifestation/a:FRBRthis/@value"),
            "language": doc.language,
        },
        "labels": labels(lang),
        "generator": f"podium {__version__}",
        "generated": generated.isoformat().replace("+00:00", "Z"),
    }
    ctx["linked_data"] = _linked_data(ctx)
    return ctx
