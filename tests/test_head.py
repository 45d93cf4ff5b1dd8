"""The head-of-document model on heads written in the forms real pages print.

Every text here is the team's own, written in the shape of a form seen on real pages or
statements (docs/research/: the page notes in six languages and the General Debate
statements); names are invented except where a form names an office holder.  Each case
says what the master must hold: title, date, speaker, office and delivery status; and
every word of the head that is not page furniture stays in the master, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from podium.convert.knowledge.head import Kind, classify, read_head
from podium.convert.options import ReadOptions
from podium.convert.pipeline.master import make_master, speech_text

BODY = "We meet in a year of hard choices, and the choices are ours to make together."


@dataclass(frozen=True)
class Case:
    name: str
    lang: str
    head: str
    title: str | None
    date: str | None
    speaker: str | None
    office: str | None
    status: str | None
    salutation: str = "Mr. President,"
    dropped: tuple[str, ...] = ()  # furniture the master leaves out


CASES = [
    Case(  # un.org statement page: place, date, title with its note, byline
        "en-sg-page",
        "en",
        "New York\n\n12 March 2031\n\nSecretary-General's remarks to the Conference on Ocean "
        "Cities [as delivered]\n\nSecretary-General\n\n",
        "Secretary-General's remarks to the Conference on Ocean Cities",
        "2031-03-12",
        None,
        "Secretary-General",
        "[as delivered]",
        salutation="Excellencies,",
    ),
    Case(  # General Debate statement: letterhead, title over lines, byline, place-date, note
        "en-ga-statement",
        "en",
        "PERMANENT MISSION OF THE REPUBLIC OF NORLAND\nTO THE UNITED NATIONS\n\n"
        "Statement by\nH.E. Ms. Ana Ruiz\nMinister for Foreign Affairs of the Republic of "
        "Norland\nat the General Debate of the 86th Session of the United Nations General "
        "Assembly\n\nNew York, 26 September 2031\n\nCHECK AGAINST DELIVERY\n\n",
        "Statement by H.E. Ms. Ana Ruiz Minister for Foreign Affairs of the Republic of "
        "Norland at the General Debate of the 86th Session of the United Nations General "
        "Assembly",
        "2031-09-26",
        "Ana Ruiz",
        "Minister for Foreign Affairs of the Republic of Norland",
        "CHECK AGAINST DELIVERY",
    ),
    Case(  # a PDF export: page furniture, a byline in one line, the ordinal read by OCR
        "en-pdf-export",
        "en",
        "Page 1 of 6\n\nAddress by His Excellency Dr. Tomas Vell, President of the Republic "
        'of Ostria, at the General Debate\n\nNew York, 27" September 2031\n\n'
        "Please check against delivery\n\n",
        "Address by His Excellency Dr. Tomas Vell, President of the Republic of Ostria, at the "
        "General Debate",
        "2031-09-27",
        "Tomas Vell",
        "President of the Republic of Ostria",
        "Please check against delivery",
        dropped=("Page 1 of 6",),
    ),
    Case(  # a web page copied without blank lines: one paragraph a line
        "en-web-copy",
        "en",
        "Speech by Prime Minister Lena Hart at the Harbour Summit, 3 May 2031, Lisbon\n",
        "Speech by Prime Minister Lena Hart at the Harbour Summit",
        "2031-05-03",
        "Lena Hart",
        "Prime Minister",
        None,
    ),
    Case(  # French statement: "Déclaration de S.E.M.", "le" before the date, delivery note
        "fr-statement",
        "fr",
        "Déclaration de S.E.M. Paul Marchand, Ministre des Affaires étrangères de la "
        "République d'Ostrie\n\nNew York, le 27 septembre 2031\n\nA vérifier au prononcé\n\n",
        "Déclaration de S.E.M. Paul Marchand, Ministre des Affaires étrangères de la "
        "République d'Ostrie",
        "2031-09-27",
        "Paul Marchand",
        "Ministre des Affaires étrangères de la République d'Ostrie",
        "A vérifier au prononcé",
        salutation="Monsieur le Président,",
    ),
    Case(  # Spanish statement: honorifics in full, place-date, note in parentheses
        "es-statement",
        "es",
        "Intervención del Excelentísimo Señor Luis Prado, Presidente de la República de "
        "Andalia\n\nNueva York, 28 de septiembre de 2031\n\n(Cotejar contra intervención)\n\n",
        "Intervención del Excelentísimo Señor Luis Prado, Presidente de la República de Andalia",
        "2031-09-28",
        "Luis Prado",
        "Presidente de la República de Andalia",
        "(Cotejar contra intervención)",
        salutation="Señor Presidente:",
    ),
    Case(  # Russian statement: the title names the office in the genitive, then the date
        "ru-statement",
        "ru",
        "Выступление Министра иностранных дел Республики Острия\n\n"
        "Нью-Йорк, 29 сентября 2031 года\n\n",
        "Выступление Министра иностранных дел Республики Острия",
        "2031-09-29",
        None,
        None,
        None,
        salutation="Господин Председатель,",
    ),
    Case(  # Arabic: the place before the date, the Arabic comma
        "ar-statement",
        "ar",
        "كلمة معالي السيد أحمد سالم، وزير الخارجية\n\nنيويورك، 30 أيلول/سبتمبر 2031\n\n",
        "كلمة معالي السيد أحمد سالم، وزير الخارجية",
        "2031-09-30",
        None,
        None,
        None,
        salutation="السيد الرئيس،",
    ),
    Case(  # Chinese page: the date first, then the title ending in its document type
        "zh-page",
        "zh",
        "2031年9月30日\n\n秘书长在海洋城市会议上的讲话\n\n",
        "秘书长在海洋城市会议上的讲话",
        "2031-09-30",
        None,
        None,  # the role's name in Chinese is issue 18 item 9: not done yet
        None,
        salutation="主席先生，",
    ),
    Case(  # a press release: the symbol line before the title
        "en-press-release",
        "en",
        "SG/SM/30123\n\nSecretary-General's message on the International Day of Clean "
        "Harbours\n\n5 June 2031\n\n",
        "Secretary-General's message on the International Day of Clean Harbours",
        "2031-06-05",
        None,
        "Secretary-General",
        None,
        salutation="Dear friends,",
    ),
    Case(  # a General Debate cover: formula, "BY", byline, office over lines, "AT THE",
        # occasion, theme, place, date and note each on lines of their own (ga79: gm, mw,
        # sb, my and others)
        "en-ga-cover",
        "en",
        "STATEMENT\n\nBY\n\nH.E. MR. TOMAS VERLANDE\nPRESIDENT OF THE REPUBLIC OF\n"
        "NORLAND\n\nAT THE\n\nGENERAL DEBATE OF THE 86TH SESSION\nOF THE UNITED NATIONS "
        "GENERAL\nASSEMBLY\n\n“HARBOURS OF TRUST: BUILDING TOGETHER\nFOR THE GENERATIONS TO "
        "COME”\n\nNEW YORK\n\n25 SEPTEMBER 2031\n\n- Check against delivery -\n\n",
        "STATEMENT BY H.E. MR. TOMAS VERLANDE PRESIDENT OF THE REPUBLIC OF NORLAND AT THE "
        "GENERAL DEBATE OF THE 86TH SESSION OF THE UNITED NATIONS GENERAL ASSEMBLY",
        "2031-09-25",
        "TOMAS VERLANDE",
        "PRESIDENT OF THE REPUBLIC OF NORLAND",
        "- Check against delivery -",
    ),
    Case(  # office first, the name after the country (ga79: ee, fi, ro)
        "en-office-then-name",
        "en",
        "Address by the President of the Republic of Estonia Lena Hart at the 86th "
        "Session of the United Nations General Assembly\n\n24 September 2031\n\n",
        "Address by the President of the Republic of Estonia Lena Hart at the 86th "
        "Session of the United Nations General Assembly",
        "2031-09-24",
        "Lena Hart",
        "President of the Republic of Estonia",
        None,
    ),
    Case(  # a title whose last printed line also holds the date and place, the
        # paragraph wrapped (ga79: nl, gh, cu, tz)
        "en-date-in-title",
        "en",
        "Speech by Prime Minister Lena Hart at the United Nations\nGeneral Assembly, "
        "26 September 2031, New York\n\n",
        "Speech by Prime Minister Lena Hart at the United Nations General Assembly",
        "2031-09-26",
        "Lena Hart",
        "Prime Minister",
        None,
    ),
    Case(  # a press release: symbol, headline, the press office's introduction naming
        # the speaker (pages-en: press.un.org SG/SM releases)
        "en-press-intro",
        "en",
        "SG/SM/30124\n\nSecretary-General, in Message for Harbour Day, Calls for Cleaner "
        "Seas\n\nFollowing is UN Secretary-General António Guterres’ message for Harbour "
        "Day, observed on 5 June:\n\n",
        "Secretary-General, in Message for Harbour Day, Calls for Cleaner Seas",
        None,
        "António Guterres",
        "Secretary-General",
        None,
        salutation="Dear friends,",
    ),
    Case(  # a French cover in capitals without accents (ga79: cg, cd, ga)
        "fr-caps-cover",
        "fr",
        "DECLARATION\n\nDE SON EXCELLENCE MONSIEUR PAUL MARCHAND, MINISTRE DES AFFAIRES "
        "ETRANGERES, DE LA COOPERATION ET DES OSTRIENS DE L'EXTERIEUR\n\nA L'OCCASION DU "
        "DEBAT GENERAL DE LA 86E SESSION ORDINAIRE DE L'ASSEMBLEE GENERALE DES NATIONS "
        "UNIES\n\nNew York, le 30 septembre 2031\n\n",
        "DECLARATION DE SON EXCELLENCE MONSIEUR PAUL MARCHAND, MINISTRE DES AFFAIRES "
        "ETRANGERES, DE LA COOPERATION ET DES OSTRIENS DE L'EXTERIEUR A L'OCCASION DU DEBAT "
        "GENERAL DE LA 86E SESSION ORDINAIRE DE L'ASSEMBLEE GENERALE DES NATIONS UNIES",
        "2031-09-30",
        "PAUL MARCHAND",
        "MINISTRE DES AFFAIRES ETRANGERES, DE LA COOPERATION ET DES OSTRIENS DE L'EXTERIEUR",
        None,
        salutation="Monsieur le Président,",
    ),
    Case(  # Spanish: formula, office in lower case, then the name (ga79: co, it)
        "es-office-then-name",
        "es",
        "Palabras de la presidenta Ana Prado ante la 86 Asamblea General de la ONU\n\n"
        "Nueva York, 24 de septiembre de 2031\n\n",
        "Palabras de la presidenta Ana Prado ante la 86 Asamblea General de la ONU",
        "2031-09-24",
        "Ana Prado",
        "presidenta",
        None,
        salutation="Señor Presidente:",
    ),
    Case(  # Russian: office and name in the genitive after the formula (ga79: ru, by)
        "ru-genitive",
        "ru",
        "Выступление Министра иностранных дел Республики Нортландия А.Б.Ковалёвой на "
        "общеполитической дискуссии 86-й сессии Генеральной Ассамблеи ООН\n\n"
        "Нью-Йорк, 27 сентября 2031 года\n\n",
        "Выступление Министра иностранных дел Республики Нортландия А.Б.Ковалёвой на "
        "общеполитической дискуссии 86-й сессии Генеральной Ассамблеи ООН",
        "2031-09-27",
        "А.Б.Ковалёвой",
        "Министра иностранных дел Республики Нортландия",
        None,
        salutation="Господин Председатель,",
    ),
    Case(  # Chinese: the office and the name with no space (pages-zh bylines)
        "zh-byline",
        "zh",
        "秘书长安东尼奥·古特雷斯\n\n在海港城市会议上的讲话\n\n2031年3月12日\n\n",
        "在海港城市会议上的讲话",
        "2031-03-12",
        "安东尼奥·古特雷斯",
        "秘书长",
        None,
        salutation="主席先生，",
    ),
]


def build(tmp_path: Path, case: Case) -> tuple[str, str]:
    body = "Every harbour we clean is a city we keep." if case.lang == "en" else BODY
    source = f"{case.head}{case.salutation}\n\n{BODY}\n\n{body}\n"
    path = tmp_path / f"{case.name}.txt"
    path.write_text(source, encoding="utf-8")
    master = make_master(path, ReadOptions(lang=case.lang))
    return source, master.data.decode("utf-8")


def letters(text: str) -> str:
    """The text's letters and digits in order (spaces and punctuation are the renderer's)."""
    return re.sub(r"\W+", "", text)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_head_in_a_real_form_gives_its_facts(tmp_path: Path, case: Case) -> None:
    source, master = build(tmp_path, case)
    from lxml import etree

    tree = etree.fromstring(master.encode("utf-8"))
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}

    def first(xpath: str) -> str | None:
        hits = tree.xpath(xpath, namespaces=ns)
        if not hits:
            return None
        hit = hits[0]
        return (
            " ".join(hit.split())
            if isinstance(hit, str)
            else " ".join("".join(hit.itertext()).split())
        )

    assert first("//a:preface//a:docTitle") == case.title
    assert first("//a:preface//a:docDate/@date") == case.date
    assert first("//a:preface//a:docStatus") == case.status
    by = first("//a:mainBody//a:speech[1]/@by") or "#"
    role = first("//a:mainBody//a:speech[1]/@as") or "#"
    speaker = first(f"//a:TLCPerson[@eId='{by[1:]}']/@showAs")
    if case.speaker is not None:
        assert speaker == case.speaker
    office = first(f"//a:TLCRole[@eId='{role[1:]}']/@showAs")
    if case.office is not None:
        assert office == case.office
    kept = "".join(tree.xpath("//a:preface//text() | //a:mainBody//text()", namespaces=ns))
    for furniture in case.dropped:
        source = source.replace(furniture, "")
    assert letters(kept) == letters(source)  # every word of the head and speech, in order


def test_the_speech_keeps_its_paragraphs_after_the_head(tmp_path: Path) -> None:
    _source, master = build(tmp_path, CASES[1])
    path = tmp_path / "again.akn.xml"
    path.write_text(master, encoding="utf-8")
    from podium.convert.pipeline.master import read_master

    text = speech_text(read_master(path))
    assert BODY in text and "CHECK AGAINST DELIVERY" not in text.split(BODY)[1]


@pytest.mark.parametrize(
    ("line", "lang", "kind"),
    [
        ("Page 3 of 10", "en", Kind.FURNITURE),
        ("9/25/31, 4:44 PM Statement by the President", "en", Kind.FURNITURE),
        ("www.example.org/statements/ga86", "en", Kind.FURNITURE),
        ("– As delivered –", "en", Kind.STATUS),
        ("[Check Against Delivery]", "en", Kind.STATUS),
        ("Seul le prononcé fait foi", "fr", Kind.STATUS),
        ("Sírvase verificar contra lectura", "es", Kind.STATUS),
        ("Transcript, E&OE", "en", Kind.STATUS),
        ("[Before speaking, the Chair thanked the interpreters.]", "en", Kind.NOTE),
        ("Unofficial translation", "en", Kind.TRANSLATION),
        ("Traduction non officielle", "fr", Kind.TRANSLATION),
        ("SG/SM/30123-OBV/4012", "en", Kind.SYMBOL),
        ("New York, 26 September 2031", "en", Kind.DATE),
        ("(Nueva York, 28 de septiembre de 2031)", "es", Kind.DATE),
        ("Thursday, 26 September 2031", "en", Kind.DATE),
        ("Location: New York", "en", Kind.PLACE),
        ("PERMANENT MISSION OF THE REPUBLIC OF NORLAND", "en", Kind.LETTERHEAD),
        ("MISSION PERMANENTE DE LA RÉPUBLIQUE D'OSTRIE", "fr", Kind.LETTERHEAD),
        ("His Excellency Tomas Vell", "en", Kind.NAME),
        ("Chief Adviser", "en", Kind.OFFICE),
        ("Statement by", "en", Kind.TITLE),
        ("Secretary-General's video message on the Day of Harbours", "en", Kind.TITLE),
        ("at the General Debate of the 86th Session", "en", Kind.EVENT),
        ("Excellencies, ladies and gentlemen,", "en", Kind.SALUTATION),
        ("We have come a long way since the last session of this Assembly.", "en", Kind.BODY),
        # the forms of the General Debate statements' covers (docs/master.md)
        ("KRKRKEKRKEE", "en", Kind.FURNITURE),  # an ornament read by OCR
        (
            "12 Harbour Street, 3rd Floor * New York, N.Y. 10017 * Tel.: (212) 555-0100",
            "en",
            Kind.FURNITURE,
        ),
        ("e Your Excellency Ana Ruiz, President of the", "en", Kind.SALUTATION),
        ("President of the 86th Session of the General Assembly,", "en", Kind.SALUTATION),
        ("Theme: “Harbours of trust for all”", "en", Kind.OTHER),
        ("SEPTEMBER 2031", "en", Kind.DATE),
        ("NEW YORK", "en", Kind.PLACE),
        ("of the Republic of Norland", "en", Kind.OTHER),
        (
            "Following is UN Secretary-General António Guterres’ message for the Day:",
            "en",
            Kind.NOTE,
        ),
        ("Secretary-General, in Message for Harbour Day, Urges Cleaner Seas", "en", Kind.TITLE),
        ("DECLARATION", "fr", Kind.TITLE),
        ("秘书长安东尼奥·古特雷斯", "zh", Kind.OFFICE),
        ("秘书长就海港城市问题的致辞", "zh", Kind.TITLE),
    ],
)
def test_classify_by_evidence(line: str, lang: str, kind: Kind) -> None:
    assert classify(line, lang).kind is kind


def test_the_order_of_the_head_does_not_matter() -> None:
    lines = ["Check against delivery", "New York, 26 September 2031", "Address by", "Ana Ruiz"]
    for order in (lines, [lines[2], lines[3], lines[1], lines[0]]):
        head = read_head([*order, "Mr. President,", BODY], "en")
        assert (head.date.iso if head.date else None, head.status) == (
            "2031-09-26",
            "Check against delivery",
        )
        assert head.title == "Address by Ana Ruiz"  # the name finishes the title's sentence
        assert head.name == "Ana Ruiz"
        assert head.end == 4


def test_a_short_line_alone_is_no_title() -> None:
    """A short line before the body, with nothing else of a head, may open the speech."""
    head = read_head(["Opening words", BODY], "en")
    assert head.title is None


@pytest.mark.parametrize(
    ("title", "lang", "kind"),
    [
        (
            "Statement attributable to the Spokesperson for the Secretary-General on ports",
            "en",
            "officialStatement",
        ),
        (
            "Déclaration attribuable au porte-parole du Secrétaire général sur les ports",
            "fr",
            "officialStatement",
        ),
        ("Secretary-General's video message to the Harbour Forum", "en", "message"),
        ("Mensaje del Secretario General en el Día de los Puertos", "es", "message"),
        ("Послание Генерального секретаря по случаю Дня портов", "ru", "message"),
        ("Statement by H.E. Ms. Ana Ruiz at the General Debate", "en", "address"),
        ("秘书长在海港城市会议上的讲话", "zh", "address"),
        (None, "en", "address"),
    ],
)
def test_the_title_says_what_the_document_is(title: str | None, lang: str, kind: str) -> None:
    from podium.convert.knowledge.head import document_type

    assert document_type(title, lang) == kind


def test_a_statement_attributable_to_the_spokesperson_is_an_official_statement(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.txt"
    path.write_text(
        "Statement attributable to the Spokesperson for the Secretary-General on the harbour "
        f"accord\n\n3 May 2031\n\n{BODY}\n",
        encoding="utf-8",
    )
    master = make_master(path, ReadOptions(lang="en")).data.decode("utf-8")
    assert '<doc name="officialStatement"' in master
    meta = tmp_path / "s.meta.json"
    meta.write_text('{"type": "address"}', encoding="utf-8")
    master = make_master(path, ReadOptions(lang="en")).data.decode("utf-8")
    assert '<doc name="address"' in master and 'name="type" origin="given"' in master
