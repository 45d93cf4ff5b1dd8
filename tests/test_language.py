"""Language detection among the six UN languages, and text direction."""

from __future__ import annotations

from pathlib import Path

import pytest

from podium.convert.knowledge.language import SAMPLE, detect, direction

LANGUAGES = Path(__file__).parent / "fixtures" / "languages"


@pytest.mark.parametrize("lang", ["ar", "en", "es", "fr", "ru", "zh"])
def test_each_fixture_is_detected(lang: str) -> None:
    text = (LANGUAGES / lang / "input.txt").read_text(encoding="utf-8")
    assert detect(text) == lang


@pytest.mark.parametrize("lang", ["ar", "en", "es", "fr", "ru", "zh"])
def test_one_paragraph_is_enough(lang: str) -> None:
    blocks = (LANGUAGES / lang / "input.txt").read_text(encoding="utf-8").split("\n\n")
    assert detect(blocks[5]) == lang


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Thank you.",
        "Merci.",
        "Gracias.",
        "Спасибо.",
        "شكرا لكم.",
        "谢谢。",
        "2021-04-19 12:00",
        "Secretary-General's message to the General Assembly",
        "UNICEF UNESCO WHO UNDP",
    ],
)
def test_too_little_text_is_unsure(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (
            "O Secretário-Geral disse que as Nações Unidas devem agir agora pela paz e pelo "
            "desenvolvimento em todos os países do mundo.",
            "Portuguese",
        ),
        (
            "Il Segretario generale ha detto che le Nazioni Unite devono agire ora per la pace "
            "e lo sviluppo in tutti i paesi del mondo.",
            "Italian",
        ),
        (
            "Der Generalsekretär sagte, dass die Vereinten Nationen jetzt für den Frieden und "
            "die Entwicklung in allen Ländern der Welt handeln müssen.",
            "German",
        ),
        (
            "Генеральний секретар заявив, що Організація Об’єднаних Націй повинна діяти зараз "
            "заради миру і розвитку в усіх країнах.",
            "Ukrainian",
        ),
        (
            "دبیرکل گفت که سازمان ملل متحد باید اکنون برای صلح و توسعه در همه کشورها اقدام کند.",
            "Persian",
        ),
        (
            "事務総長は、国連はすべての国の平和と開発のために今行動しなければならないと述べた。",
            "Japanese",
        ),
        ("사무총장은 유엔이 모든 나라의 평화와 발전을 위해 지금 행동해야 한다고 말했다.", "Korean"),
        (
            "The Secretary-General said that peace matters. Le Secrétaire général a dit que la "
            "paix compte. The Council and the Assembly agreed. Le Conseil et l'Assemblée sont "
            "d'accord.",
            "half English, half French",
        ),
    ],
)
def test_other_languages_and_mixtures_are_unsure(text: str, why: str) -> None:
    assert detect(text) is None, why


def test_latin_languages_are_told_apart() -> None:
    assert detect("We must act now, and we must act together, for the planet and its people.") == (
        "en"
    )
    assert detect(
        "Nous devons agir maintenant, et ensemble, pour la planète et ses habitants."
    ) == ("fr")
    assert detect("Debemos actuar ahora, y juntos, por el planeta y por sus habitantes.") == "es"


def test_only_the_start_of_the_text_counts() -> None:
    french = (LANGUAGES / "fr" / "input.txt").read_text(encoding="utf-8")
    filler = "1234 " * (SAMPLE // 5)
    assert detect(french) == "fr"
    assert detect(filler + french) is None


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ar", "rtl"),
        ("ar-EG", "rtl"),
        ("fa", "rtl"),
        ("he", "rtl"),
        ("en", "ltr"),
        ("fr", "ltr"),
        ("ru", "ltr"),
        ("zh-Hans", "ltr"),
        ("not a language", "ltr"),
    ],
)
def test_direction(lang: str, expected: str) -> None:
    assert direction(lang) == expected
