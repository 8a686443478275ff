"""Language detection: invented sentences per language, empty input, the declared language."""

from __future__ import annotations

import pytest

from counterpoint.annotate.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The committee will vote on the revised budget proposal next week.", "en"),
        ("Le gouvernement a annoncé mardi une nouvelle réforme des retraites.", "fr"),
        ("Die Regierung hat am Dienstag eine neue Rentenreform angekündigt.", "de"),
        ("El gobierno anunció el martes una nueva reforma de las pensiones.", "es"),
        ("Il governo ha annunciato martedì una nuova riforma delle pensioni.", "it"),
        ("O governo anunciou na terça-feira uma nova reforma da previdência.", "pt"),
        ("أعلنت الحكومة يوم الثلاثاء عن إصلاح جديد لنظام التقاعد.", "ar"),
        ("הממשלה הודיעה ביום שלישי על רפורמה חדשה בפנסיות.", "he"),
        ("Правительство во вторник объявило о новой пенсионной реформе.", "ru"),
        ("Уряд у вівторок оголосив про нову пенсійну реформу.", "uk"),
        ("Hükümet salı günü yeni bir emeklilik reformu açıkladı.", "tr"),
        ("政府星期二宣布了一项新的养老金改革。", "zh"),
    ],
)
def test_detects_news_languages(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   \n\n ", "12 345 — 67%", "!!"])
def test_undecidable_text_is_none(text: str) -> None:
    assert detect_language(text) is None


def test_the_text_overrules_the_declared_language_when_it_can_tell() -> None:
    from counterpoint.annotate.language import article_language

    english = "Retiring early takes time and incredible discipline, and a plan for every year. " * 4
    assert article_language(english, "de") == "en"
    assert article_language("Kurz und knapp.", "de") == "de"  # too short to overrule
    assert article_language(english, "ca") == "ca"  # a language the detector does not know
    assert article_language(english, None) == "en"
    assert article_language("", None) == "en"
