"""The plain-text dump cleaner against the seed gold: body lines, title, dek and metadata."""

from __future__ import annotations

from counterpoint.datetimes import from_iso
from counterpoint.extract.text import extract_dump
from evaluation.seeds import seeds

from ..unit.test_extract_text import _check_offsets


def test_seed_body_title_and_subtitle_match_gold() -> None:
    true_positives = predicted = expected = 0
    for seed in seeds():
        extraction = extract_dump(seed.raw)
        _check_offsets(seed.raw, extraction)
        gold_body = seed.body["body"]
        got = [block.text for block in extraction.body]
        hits = sum(text in gold_body for text in got)
        true_positives += hits
        predicted += len(got)
        expected += len(gold_body)
        print(f"{seed.name}: {hits}/{len(got)} kept lines correct, {len(gold_body)} gold lines")
        assert extraction.title is not None and extraction.title.text == seed.body["title"]
        subtitle = extraction.subtitle.text if extraction.subtitle else None
        assert subtitle == seed.body["subtitle"], seed.name
        headings = set(seed.gold["metadata"].get("section_headings") or [])
        for block in extraction.body:
            if block.text in headings:
                assert block.kind == "heading", block.text
    precision, recall = true_positives / predicted, true_positives / expected
    f1 = 2 * precision * recall / (precision + recall)
    print(f"seed paragraph P={precision:.3f} R={recall:.3f} F1={f1:.3f}")
    assert f1 >= 0.97


def test_seed_metadata_matches_gold() -> None:
    for seed in seeds():
        gold = seed.gold["metadata"]
        extraction = extract_dump(seed.raw)
        print(
            seed.name,
            extraction.outlet,
            extraction.byline,
            extraction.published,
            extraction.original_publisher,
            extraction.tags,
            extraction.captions,
        )
        assert extraction.outlet == gold.get("outlet"), seed.name
        assert extraction.byline == gold.get("author"), seed.name
        if gold.get("date_is_inferred"):
            assert extraction.published is None, seed.name
        else:
            assert extraction.published == from_iso(gold["date_published"])
        publisher = gold.get("original_publisher")
        if publisher is None:
            assert extraction.original_publisher is None, seed.name
        else:
            # The gold adds a gloss in parentheses: "arabnews.fr (Arab News en français)".
            assert extraction.original_publisher == publisher.split(" (")[0], seed.name
        assert extraction.tags == (gold.get("tags") or []), seed.name
        if "image_captions" in gold:
            assert extraction.captions == gold["image_captions"], seed.name
