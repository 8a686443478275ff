"""Fit and measure the speaker ranker (:mod:`counterpoint.annotate.speaker_ranker`) against the
speaker rules, by leave-sites-out cross-validation on the tuning sets (never the test half).

Each direct or mixed quote the pipeline finds and the bench matches to a gold quote with a
speaker (as ``bench/annotate_real.py`` matches them) gives the ranker's candidates and their
features; a candidate is right when ``annotate_real.same_speaker`` accepts it. Folds are grouped
by site (AEB pages) and by event (dev articles): every quote's speaker is chosen by a model
fitted on other sites and events. Reported: the rules, the ranker (the rules' choice one of its
features), ``learned`` (no rule feature) and ``fallback`` (the rules' speaker, the learned one's
where the rules name no one), each with a logistic regression (what ships) and boosted trees.

The current rules were written looking at these sets, so their figure here is in-sample, and a
ranker fitted on it learns to trust them as far as they are right on text they were fitted to.
``--rule-speakers`` replaces their choice by the speakers older rules gave the same quotes,
rules that had not seen the set; ``--write-rule-speakers`` writes such a file from whatever
checkout is on the path, e.g. the rules before the gold existed (tuning half) and before the
aeb set existed (aeb):

    git archive 4bab524 src bench | tar -x -C /tmp/old
    cp bench/train_quote_speakers.py /tmp/old/bench/
    PYTHONPATH=/tmp/old/src .venv/bin/python /tmp/old/bench/train_quote_speakers.py \\
        --write-rule-speakers /tmp/tuning.json --gold bench/quotes_gold.jsonl --sets tuning
    (the same at a073b87^ with --gold bench/quotes_gold_aeb.jsonl --sets aeb -> /tmp/aeb.json)
    .venv/bin/python bench/train_quote_speakers.py --rule-speakers /tmp/tuning.json /tmp/aeb.json
    .venv/bin/python bench/train_quote_speakers.py --rule-speakers ... --write-model

``--write-model`` fits the logistic regression on every quote those speakers cover and writes
``src/counterpoint/data/speaker_ranker.json``. ``--score SETS`` scores speaker accuracy with the
ranker on (the bench's figures, aggregates only). Needs scikit-learn (dev environment).
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import annotate_real  # noqa: E402
from annotate_real import DIRECT_CLASS, Labelled, load_gold, overlap, same_speaker  # noqa: E402
from counterpoint.annotate import Pipeline, annotate_batch  # noqa: E402
from counterpoint.annotate import quotes as quote_finder  # noqa: E402
from counterpoint.extract import extract  # noqa: E402
from counterpoint.model import Article, Quote  # noqa: E402
from evaluation import quotes as seed_quotes  # noqa: E402
from evaluation.seeds import shared_dir  # noqa: E402

MODEL_PATH = HERE.parent / "src" / "counterpoint" / "data" / "speaker_ranker.json"
FOLDS = 5
C = 1.0
# Log-odds by which a candidate must beat the rules' own to replace it, tried in the CV.
MARGINS = (0.5, 1.0, 2.0)
# The one shipped: the smallest of MARGINS that keeps the seeds' quote gold at its figures
# (0.952 / 0.982 speaker accuracy; 0.905 / 0.964 with none), for 0.002 of the CV estimate.
MARGIN = 0.5


@dataclass(slots=True)
class QuoteRows:
    """One scored quote: its candidates (mention features only), the rules' speaker, gold."""

    group: str
    rule: str | None
    gold: str
    names: list[str]
    rows: list[list[float]]
    # "<article id>:<gold start>", to join other rules' speakers for the same gold quote.
    key: str

    def ranked(self, rule: str | None) -> tuple[list[str], list[list[float]]]:
        from counterpoint.annotate.speaker_ranker import with_rule

        return with_rule(self.names, self.rows, rule)

    def labels(self, names: list[str]) -> list[int]:
        return [int(same_speaker(name, self.gold)) for name in names]


RECORDED: dict[str, list[tuple[Quote, list[str], list[list[float]]]]] = {}
# The ranker's module is imported where used: --write-rule-speakers runs on older checkouts,
# which lack it.


def recording_quotes(article: Article, doc: Any) -> list[Quote]:
    """The quotes component, recording each direct or mixed quote's candidates and rows."""
    from counterpoint.annotate import quote_speakers, speaker_ranker

    quotes = quote_finder.find_quotes(article, doc, speaker_ranker="rules")
    if not doc.has_annotation("DEP"):
        return quotes
    mentions = speaker_ranker.article_mentions(
        article, doc, quote_speakers.Speakers.build(article, doc)
    )
    recorded = []
    for quote in quotes:
        if quote.type in DIRECT_CLASS:
            candidates = speaker_ranker.quote_candidates(article, quote, mentions)
            rows = speaker_ranker.mention_rows(article, doc, quote, candidates, mentions)
            recorded.append((quote, [c.name for c in candidates], rows))
    RECORDED[article.text] = recorded
    return quotes


def ranking_quotes(article: Article, doc: Any) -> list[Quote]:
    """The quotes component with the packaged ranker choosing the speakers (the hook the
    quote finder is to call)."""
    from counterpoint.annotate import quote_speakers

    quotes = quote_finder.find_quotes(article, doc, speaker_ranker="rules")
    quote_speakers.rank_speakers(article, doc, quotes, "learned")
    return quotes


def _pipeline(quotes: Callable[[Article, Any], list[Quote]]) -> Pipeline:
    pipeline = Pipeline()
    pipeline.annotators = [
        (assigns, quotes if name == "quotes" else make)
        for (assigns, make), name in zip(pipeline.annotators, pipeline.names, strict=True)
    ]
    return pipeline


def fold_groups() -> dict[tuple[str, str], str]:
    """Each labelled article's fold group: its site (AEB pages) or its event (dev articles)."""
    events = {}
    with (shared_dir() / "data" / "multi-outlet-dev" / "articles.jsonl").open() as lines:
        for line in lines:
            record = json.loads(line)
            events[record["id"]] = record["event"]
    groups = {}
    for path in (annotate_real.GOLD, annotate_real.AEB_GOLD):
        for line in path.read_text().splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("kind") == "article":
                key = (row["dataset"], row["article"])
                groups[key] = row["site"] if row["dataset"] == "aeb" else events[row["article"]]
    return groups


def matched_pairs(text: str, found: list[Labelled], golds: list[Labelled]) -> list[tuple[int, int]]:
    """(found index, gold index) pairs matched as ``annotate_real.score`` matches them: best
    word overlap first, one to one, at least the bench's threshold."""
    pairs = sorted(
        ((overlap(text, p, g), i, j) for i, p in enumerate(found) for j, g in enumerate(golds)),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for share, i, j in pairs:
        if share < annotate_real.MATCH_THRESHOLD or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def collect(sets: tuple[str, ...]) -> list[QuoteRows]:
    gold_articles = [g for g in load_gold() if g.half in sets]
    groups = fold_groups()
    documents = [extract(g.raw_document) for g in gold_articles]
    articles = annotate_batch(documents, pipeline=_pipeline(recording_quotes))
    out: list[QuoteRows] = []
    for gold, article in zip(gold_articles, articles, strict=True):
        recorded = RECORDED.get(article.text)
        if recorded is None:
            # Annotated in pieces: the recorded offsets are the pieces'.
            print(f"left out (annotated in pieces): {gold.article}", file=sys.stderr)
            continue
        at, matched = annotate_real.alignment(article.text, gold.text)
        found = []
        for quote, names, rows in recorded:
            if sum(matched[quote.start : quote.end]) * 2 < quote.end - quote.start:
                continue
            span = Labelled(at[quote.start], at[quote.end - 1] + 1, quote.type, quote.speaker)
            found.append((span, names, rows))
        golds = [g for g in gold.quotes if g.type in DIRECT_CLASS]
        for i, j in matched_pairs(gold.text, [f[0] for f in found], golds):
            speaker = golds[j].speaker
            if speaker is None:
                continue
            span, names, rows = found[i]
            group = groups[(gold.dataset, gold.article)]
            key = f"{gold.article}:{golds[j].start}"
            out.append(QuoteRows(group, span.speaker, speaker, names, rows, key))
    return out


MODELS: dict[str, Callable[[], Any]] = {
    "logistic": lambda: LogisticRegression(C=C, max_iter=3000),
    "boosted": lambda: HistGradientBoostingClassifier(
        max_iter=150, learning_rate=0.05, max_depth=3, min_samples_leaf=20
    ),
}


def _ranked(quotes: list[QuoteRows], with_rule: bool) -> list[tuple[list[str], list[list[float]]]]:
    """Each quote's candidates and rows: with the rules' choice (and its feature), or the
    mention candidates alone."""
    return [q.ranked(q.rule) if with_rule else (q.names, q.rows) for q in quotes]


def _fit(kind: str, quotes: list[QuoteRows], ranked: list[Any]) -> tuple[Any, StandardScaler]:
    x = np.array([row for _names, rows in ranked for row in rows])
    y = np.array(
        [y for q, (names, _r) in zip(quotes, ranked, strict=True) for y in q.labels(names)]
    )
    scaler = StandardScaler().fit(x)
    return MODELS[kind]().fit(scaler.transform(x), y), scaler


def _choose(
    model: Any,
    scaler: StandardScaler,
    names: list[str],
    rows: list[list[float]],
    margin: float = 0.0,
    rule: str | None = None,
) -> str | None:
    """The best-scored candidate; the rules' own when the best beats it by less than
    ``margin`` (in log-odds)."""
    if not rows:
        return None
    scores = model.decision_function(scaler.transform(np.array(rows)))
    best = int(np.argmax(scores))
    ruled = [i for i, name in enumerate(names) if rule and same_speaker(name, rule)]
    if ruled and scores[best] - max(scores[i] for i in ruled) < margin:
        return rule
    return names[best]


def cross_validate(quotes: list[QuoteRows], folds: int) -> dict[str, Any]:
    views = {"ranker": _ranked(quotes, True), "learned": _ranked(quotes, False)}
    groups = [q.group for q in quotes]
    right: dict[str, int] = defaultdict(int)
    per_fold: dict[str, list[float]] = defaultdict(list)
    for train, held in GroupKFold(n_splits=folds).split(np.zeros(len(quotes)), groups=groups):
        chosen: dict[str, list[str | None]] = {"rules": [quotes[i].rule for i in held]}
        for kind in MODELS:
            for view, ranked in views.items():
                model, scaler = _fit(kind, [quotes[i] for i in train], [ranked[i] for i in train])
                chosen[f"{view}_{kind}"] = [_choose(model, scaler, *ranked[i]) for i in held]
                if view == "ranker" and kind == "logistic":
                    for margin in MARGINS:
                        chosen[f"ranker_logistic_margin_{margin}"] = [
                            _choose(model, scaler, *ranked[i], margin, quotes[i].rule) for i in held
                        ]
            learned = chosen[f"learned_{kind}"]
            chosen[f"fallback_{kind}"] = [
                rule or own for rule, own in zip(chosen["rules"], learned, strict=True)
            ]
        for name, speakers in chosen.items():
            ok = sum(
                same_speaker(speaker, quotes[i].gold)
                for speaker, i in zip(speakers, held, strict=True)
            )
            right[name] += ok
            per_fold[name].append(round(ok / len(held), 3))
    reachable = sum(
        any(q.labels(names)) for q, (names, _r) in zip(quotes, views["ranker"], strict=True)
    )
    return {
        "quotes": len(quotes),
        "groups": len(set(groups)),
        "folds": folds,
        "rules_name_no_one": sum(q.rule is None for q in quotes),
        "reachable": round(reachable / len(quotes), 3),
        "accuracy": {name: round(value / len(quotes), 3) for name, value in right.items()},
        "per_fold": dict(per_fold),
    }


def with_rule_speakers(quotes: list[QuoteRows], speakers: dict[str, str | None]) -> list[QuoteRows]:
    """The quotes ``speakers`` covers, with those speakers as the rules' choice."""
    return [
        QuoteRows(q.group, speakers[q.key], q.gold, q.names, q.rows, q.key)
        for q in quotes
        if q.key in speakers
    ]


def write_model(quotes: list[QuoteRows], path: Path) -> None:
    from counterpoint.annotate.speaker_ranker import FEATURES

    ranked = _ranked(quotes, True)
    model, scaler = _fit("logistic", quotes, ranked)
    data = {
        "_about": "Speaker ranker weights (logistic regression over standardised features), "
        "fitted by bench/train_quote_speakers.py --write-model on rules' speakers for text "
        "those rules had not seen.",
        "quotes": len(quotes),
        "features": list(FEATURES),
        "mean": [round(float(v), 6) for v in scaler.mean_],
        "scale": [round(float(v), 6) for v in scaler.scale_],
        "weights": [round(float(v), 6) for v in model.coef_[0]],
        "bias": round(float(model.intercept_[0]), 6),
        "margin": MARGIN,
    }
    path.write_text(json.dumps(data, indent=1) + "\n")
    print(f"model fitted on {len(quotes)} quotes written to {path}", file=sys.stderr)


def seeds_with_ranker() -> dict[str, Any]:
    """The seeds' quote gold as ``annotate_real.run_seeds`` scores it, the ranker on."""
    from counterpoint.annotate import nlp, speaker_ranker

    def find(article: Article) -> list[Quote]:
        doc = nlp.load("en")(article.text)
        article.sentences = nlp.sentences(doc, article.paragraphs)
        quotes = quote_finder.find_quotes(article, doc, speaker_ranker="rules")
        speaker_ranker.rerank(article, doc, quotes)
        return quotes

    totals, _ = seed_quotes.evaluate_seeds(find)
    return {
        name: {"f1": round(value.f1, 3), "speaker_accuracy": round(value.speaker_accuracy, 3)}
        for name, value in totals.items()
    }


def score_with_ranker(sets: tuple[str, ...]) -> dict[str, Any]:
    """The bench's quote figures per set with the ranker choosing the speakers (aggregates)."""
    gold_articles = [g for g in load_gold() if g.half in sets]
    documents = [extract(g.raw_document) for g in gold_articles]
    articles = annotate_batch(documents, pipeline=_pipeline(ranking_quotes))
    totals = {
        half: {"direct+mixed": annotate_real.Score(), "all": annotate_real.Score()} for half in sets
    }
    for gold, article in zip(gold_articles, articles, strict=True):
        found = annotate_real.predicted(article, gold.text)
        for name, gold_class, found_class in annotate_real._classes(gold.quotes, found):
            scored = annotate_real.score(gold.text, "", gold_class, found_class)
            totals[gold.half][name].add(scored)
    out: dict[str, Any] = {"seeds": seeds_with_ranker()}
    for half, classes in totals.items():
        names = (
            classes
            if half in annotate_real.ALL_TYPES
            else {"direct+mixed": classes["direct+mixed"]}
        )
        out[half] = {name: value.figures() for name, value in names.items()}
    return out


def write_rule_speakers(path: Path, gold: Path, sets: tuple[str, ...]) -> None:
    """The speakers the importable checkout's rules give to ``gold``'s direct and mixed
    quotes of ``sets``, by gold key."""
    takes_paths = "paths" in inspect.signature(load_gold).parameters
    every = load_gold((gold,)) if takes_paths else load_gold(gold)  # type: ignore[arg-type]
    golds = [g for g in every if g.half in sets]
    articles = annotate_batch([extract(g.raw_document) for g in golds])
    speakers: dict[str, str | None] = {}
    for gold_article, article in zip(golds, articles, strict=True):
        text = gold_article.text
        found = [p for p in annotate_real.predicted(article, text) if p.type in DIRECT_CLASS]
        wanted = [q for q in gold_article.quotes if q.type in DIRECT_CLASS]
        for i, j in matched_pairs(text, found, wanted):
            if wanted[j].speaker is not None:
                speakers[f"{gold_article.article}:{wanted[j].start}"] = found[i].speaker
    path.write_text(json.dumps(speakers, indent=0) + "\n")
    print(f"{len(speakers)} speakers written to {path}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="tuning,aeb", help="tuning sets (never test)")
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--rule-speakers", type=Path, nargs="*", default=[])
    parser.add_argument("--write-rule-speakers", type=Path, metavar="OUT")
    parser.add_argument("--gold", type=Path, default=HERE / "quotes_gold_aeb.jsonl")
    parser.add_argument("--write-model", action="store_true")
    parser.add_argument("--score", metavar="SETS", help="score these sets with the ranker on")
    args = parser.parse_args()
    sets = tuple(args.sets.split(","))
    if "test" in sets:
        parser.error("the test half is not for fitting or cross-validation")
    if args.write_rule_speakers:
        write_rule_speakers(args.write_rule_speakers, args.gold, sets)
        return
    if args.score:
        print(json.dumps(score_with_ranker(tuple(args.score.split(","))), indent=2))
        return
    quotes = collect(sets)
    results = {"current rules": cross_validate(quotes, args.folds)}
    if args.rule_speakers:
        speakers: dict[str, str | None] = {}
        for path in args.rule_speakers:
            speakers.update(json.loads(path.read_text()))
        older = with_rule_speakers(quotes, speakers)
        results["older rules"] = cross_validate(older, args.folds)
        if args.write_model:
            write_model(older, MODEL_PATH)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
