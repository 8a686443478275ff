"""The real-article quote scorer (bench/annotate_real.py): speaker names, the alignment of the
cleaned text onto the gold text, and span matching."""

from __future__ import annotations

from annotate_real import Labelled, alignment, same_speaker, score


def test_speakers_agree_by_surname_inner_name_or_initials_not_by_role() -> None:
    assert same_speaker("Lewis A. Kaplan", "Lewis Kaplan")
    assert same_speaker("Pat Carlineo", "Patrick Carlineo Jr.")
    assert same_speaker("Libyan Red Crescent Society", "Libyan Red Crescent")
    assert same_speaker("World Health Organization (WHO", "World Health Organization")
    assert same_speaker("United Nations", "UN")
    assert same_speaker("Office for the Coordination of Humanitarian Affairs", "OCHA")
    assert not same_speaker("deputy spokesperson", "Farhan Haq")
    assert not same_speaker(None, "Farhan Haq")


def test_alignment_maps_cleaned_offsets_and_marks_added_text() -> None:
    raw = "Flood toll rises\nThe  mayor said  40 died."
    clean = "Flood toll rises\n\nThe mayor said 40 died."
    at, matched = alignment(clean, raw)
    start = clean.index("mayor")
    assert raw[at[start] : at[start + len("mayor") - 1] + 1] == "mayor"
    assert at[len(clean)] == len(raw)
    # A title block repeating the first line: only one of the two copies is in the gold text.
    title = "Flood toll rises"
    added = f"{title}\n\n{title}\n\nThe mayor said 40 died."
    _at, matched = alignment(added, raw)
    copies = sum(matched[: len(title)]) + sum(matched[len(title) + 2 : 2 * len(title) + 2])
    assert copies == len(title)


def test_a_match_needs_half_the_words_of_the_longer_span() -> None:
    text = "Officials said the bridge will reopen in May after repairs to the deck."
    clause = text.index("the bridge"), len(text) - 1
    gold = [Labelled(*clause, "indirect", "Officials")]
    half = Labelled(clause[0], text.index(" after"), "indirect", "officials")
    fragment = Labelled(text.index("May"), text.index(" after"), "indirect", "officials")
    assert score(text, "t", gold, [half]).matched == 1
    assert score(text, "t", gold, [half]).speaker_right == 1
    assert score(text, "t", gold, [fragment]).matched == 0
