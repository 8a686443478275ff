"""Language detection: invented sentences per language, empty input, and the benchmark pages."""

from __future__ import annotations

import json
import time

import pytest

from counterpoint.annotate.language import detect_language
from evaluation.seeds import seeds, shared_dir


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


def test_seed_articles_are_english() -> None:
    assert [detect_language(seed.gold_article().text) for seed in seeds()] == ["en"] * 5


def test_benchmark_bodies_mostly_english() -> None:
    # The benchmark is mostly English pages with a few in other languages (checked by hand:
    # Korean, Portuguese, Russian, German, Italian, Indonesian, Japanese sites); every body is
    # long enough that lingua should never give up on it.
    truth = json.loads((shared_dir() / "bench" / "aeb" / "ground-truth.json").read_text())
    detect_language("warm up: build the detector once")
    start = time.perf_counter()
    found = [detect_language(page["articleBody"]) for page in truth.values()]
    per_call = (time.perf_counter() - start) / len(found)
    english = sum(code == "en" for code in found)
    print(
        f"benchmark bodies: {english}/{len(found)} English, undecided {found.count(None)}, "
        f"{1000 * per_call:.1f} ms per call"
    )
    assert per_call < 0.05
    assert found.count(None) == 0
    assert english / len(found) >= 0.85


def test_the_text_overrules_the_declared_language_when_it_can_tell() -> None:
    from counterpoint.annotate.language import article_language

    english = "Retiring early takes time and incredible discipline, and a plan for every year. " * 4
    assert article_language(english, "de") == "en"
    assert article_language("Kurz und knapp.", "de") == "de"  # too short to overrule
    assert article_language(english, "ca") == "ca"  # a language the detector does not know
    assert article_language(english, None) == "en"
    assert article_language("", None) == "en"
