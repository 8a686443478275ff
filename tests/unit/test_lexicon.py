"""counterpoint.lexicon: the one loader of the package's word data, and the data's shape."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from counterpoint import lexicon
from counterpoint.extract import text, text_meta

LANGUAGE_FILES = sorted(
    entry.name.removesuffix(".json")
    for entry in (resources.files("counterpoint") / "data" / "languages").iterdir()
    if entry.name.endswith(".json")
)
# Lists whose entries are regex fragments rather than plain words.
PATTERN_LISTS = (
    "related_cues",
    "recirculation_cues",
    "ticker_cues",
    "comment_headings",
    "comment_count_words",
    "comment_prompts",
    "furniture_openings",
    "sign_offs",
    "chrome_cues",
    "navigation_labels",
    "publishing_labels",
    "update_labels",
    "date_labels",
    "date_prepositions",
    "date_label_prepositions",
    "byline_cues",
    "byline_cues_lower_case",
    "byline_labels",
    "byline_name_particles",
    "byline_name_joiners",
    "outlet_name_particles",
    "tag_labels",
    "social_links",
    "photo_openings",
    "photo_credit_labels",
    "photo_credit_joiners",
    "photo_agencies",
    "copyright_words",
    "rights_reserved",
    "more_from_cues",
)


def test_a_language_without_a_file_has_no_words() -> None:
    assert lexicon.language("xx") == {}
    assert lexicon.language(None) == {}
    assert lexicon.language("../en") == {}
    assert lexicon.words("xx", "related_cues") == ()
    assert lexicon.months("xx") == ()
    assert lexicon.patterns("related_cues", ("xx",)) == "(?!)"
    assert re.search(lexicon.patterns("related_cues", ("xx",)), "related") is None


@pytest.mark.parametrize("code", LANGUAGE_FILES)
def test_every_language_file_parses_and_its_cue_lists_are_lower_case_regexes(code: str) -> None:
    path = resources.files("counterpoint") / "data" / "languages" / f"{code}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert lexicon.language(code) == data
    for name in PATTERN_LISTS:
        for fragment in data.get(name, []):
            unescaped = re.sub(r"\\.", "", fragment)  # "\W" is a class, not a capital
            assert unescaped == unescaped.lower(), (name, fragment)
            re.compile(fragment)


def test_patterns_put_longer_fragments_first_so_none_is_cut_short() -> None:
    # "a" (Spanish) must not win over "am" (German) after a date label.
    alternatives = lexicon.patterns("date_prepositions").split("|")
    assert alternatives.index("am") < alternatives.index("on") < len(alternatives)
    assert [len(a) for a in alternatives] == sorted((len(a) for a in alternatives), reverse=True)
    assert text_meta.DATE_LABEL.sub("", "Veröffentlicht am 5. März 2024") == "5. März 2024"
    assert text_meta.DATE_LABEL.sub("", "Publicado a 5 de marzo") == "5 de marzo"


def test_a_cue_is_declared_once_per_language_and_read_by_every_rule_using_it() -> None:
    assert "leia também" in lexicon.words("pt", "related_cues")
    assert text.RELATED_CUE.match("Leia também:")
    assert text.END_CUE.match("Das könnte Sie auch interessieren")
    assert text.COMMENTS_CUE.match("47 comments")
    assert text.COMMENTS_CUE.match("Оставьте комментарий")
    assert not text.RELATED_CUE.match("Leia também o relatório completo sobre o porto.")


def test_month_names_carry_their_numbers_and_the_full_name_comes_first() -> None:
    names = lexicon.month_names("en")
    assert names["january"] == 1 and names["sept"] == names["sep"] == 9
    assert [month[0] for month in lexicon.months("en")][:3] == ["january", "february", "march"]
    assert len(lexicon.months("en")) == 12


def test_the_day_first_languages_are_those_that_do_not_write_the_month_first() -> None:
    assert "en" not in text_meta.DAY_FIRST_LANGUAGES
    assert {"fr", "de", "pt"} <= set(text_meta.DAY_FIRST_LANGUAGES)
    assert text_meta.DAY_FIRST_LABEL_WORD.search("Publié le 05/10/2018")
    assert not text_meta.DAY_FIRST_LABEL_WORD.search("Published 05/10/2018")


def test_shared_tables_are_parsed_once() -> None:
    assert lexicon.table("quantity_lexicon") is lexicon.table("quantity_lexicon")
    assert "groups" in lexicon.table("predicate_groups")
    assert lexicon.text("aliases.tsv").startswith(("#", "alias"))
