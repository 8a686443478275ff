"""The extraction's tunable thresholds, as one frozen object passed down (trafilatura's habit).

:func:`counterpoint.extract.extract` hands its :class:`ExtractOptions` to the HTML and dump
extractors, and they to every function that reads a threshold; nothing reads a module-level
tunable. The defaults are the values the benchmarks were measured with (``bench/extract_html.py``,
``bench/extract_dumps.py``; the dump thresholds chosen by site-grouped cross-validation).
What the shipped line model was trained on (its features) is part of the model, not an option.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """Thresholds of the HTML and plain-text extractors; every field has its default."""

    # Input limits: larger input is refused, as is input this share of which is control bytes.
    max_html_chars: int = 2_000_000
    max_dump_chars: int = 64_000_000
    max_control_share: float = 0.05
    # Elements nested deeper than this are unwrapped before parsing (lxml's own limit is lower).
    max_nesting: int = 100

    # HTML: how far from either end of the body a credit line, dateline, byline or title
    # repeat may sit, and the word counts of a short dateline, a prompt and a link teaser.
    credit_edge: int = 3
    boilerplate_edge: int = 3
    dateline_max_words: int = 12
    prompt_max_words: int = 40
    teaser_max_words: int = 20
    # HTML: the trafilatura setting that finds the article region, whether its fallback
    # extractors (readability, jusText) may replace it, and the names of the block rules of
    # :mod:`counterpoint.extract.html_filter` that are asked (all chosen by site-grouped CV).
    html_region: Literal["precision", "default", "recall"] = "recall"
    html_region_fallback: bool = False
    # HTML: whether the body's other chunks (its container repeated nearby, within this many
    # levels of the tree, with at least this many words) continue the region.
    html_region_continuation: bool = True
    continuation_levels: int = 3
    html_continuation_min_words: int = 30
    html_rules: frozenset[str] = frozenset(
        {"repeats_headline", "furniture_prompt_at_edge", "dateline"}
    )

    # Dump, hard wrapping: the widths a text tool wraps at, how many lines must look wrapped,
    # the share of lines with a space allowed past the width, how close to it a wrapped line ends.
    wrap_min_width: int = 40
    wrap_max_width: int = 200
    wrap_min_lines: int = 6
    wrap_overflow_share: float = 0.01
    wrap_slack: int = 15

    # Dump, the article run: lines above ``sure_score`` are kept even outside the run; text
    # kept before a closing cue scoring below ``confident_score`` on average is not yet the
    # article. A page where the model keeps fewer than ``thin_article_words`` is looked at
    # again at ``thin_threshold_factor`` of the threshold (all chosen by site-grouped CV; for
    # ``confident_score`` 0.3 to 0.5 tie, 0.55 to 0.75 lose 0.001 to 0.002 of mean F1).
    sure_score: float = 0.9
    confident_score: float = 0.4
    thin_article_words: int = 100
    thin_threshold_factor: float = 0.2
    # A sentence paragraph at least this long right after the run continues it.
    continuation_min_words: int = 15
    # A line longer than this is a paragraph even without a sentence end; shorter, a heading.
    heading_max_words: int = 15
    # A closing cue heads a box inside the story when at least ``box_min_teasers`` headline
    # lines follow it and then ``resume_min_words`` paragraph words of the article's run.
    resume_min_words: int = 50
    box_min_teasers: int = 3
    # Sentence paragraphs that may stand above a comment count in a page's header: dek, lede.
    header_max_paragraphs: int = 2
    # Time-stamped signatures under a comments heading that make the text below it a thread.
    thread_min_posts: int = 3

    # Dump, lists: a closing list under its own heading (items sharing one line template),
    # and a list a kept sentence introduces with a colon.
    list_min_items: int = 5
    list_max_misses: int = 2
    list_item_min_words: int = 3
    list_template_min_chars: int = 4
    list_intro_min_words: int = 3
    list_max_introduced: int = 30

    # Dump, title and dek: the title is looked for ``title_window_lines`` above the article by
    # the words (of at least ``title_word_min_chars``) its first ``lede_lines`` repeat, a short
    # line's share shrunk by ``title_shrink_words``; a stacked headline line shorter than
    # ``title_min_words`` is a section label. A dek has ``dek_min_words``..``dek_max_words``.
    title_window_lines: int = 40
    lede_lines: int = 5
    title_word_min_chars: int = 4
    title_shrink_words: int = 2
    title_min_words: int = 4
    dek_min_words: int = 8
    dek_max_words: int = 35

    # Dump, metadata: lines above the title looked at for a byline when none stands below it,
    # and the most words of a byline line (a name and a date with its time).
    byline_above_title: int = 3
    byline_max_words: int = 20


# The options a caller that passes none gets.
DEFAULT_OPTIONS = ExtractOptions()
