"""Clean a plain-text page dump (``w3m -dump`` output, a copied page) into an article.

The learned line scorer (:mod:`counterpoint.extract.text_model`) says which lines read as
article text; the structure around them decides the rest: the article is the densest run of
such lines (looked for again at a lower level on a page where the model keeps almost nothing),
a comments heading ends it, a list under a closing heading whose items follow one template
(tour dates, results) extends it, the title is the stand-alone headline-shaped line above it,
a dek is a short one-sentence paragraph set apart from the body, a "Related"-style cue opens a
block of teaser links to drop, and metadata lines (byline, date, captions, tags, syndication note)
are read into fields rather than kept as text. Every kept block keeps its exact raw offsets,
and every dropped line is recorded with the reason it was dropped.
"""

from __future__ import annotations

import re
from statistics import median

from counterpoint.extract.assemble import Block, Extraction
from counterpoint.extract.options import DEFAULT_OPTIONS, ExtractOptions
from counterpoint.extract.text_lines import (
    WORD,
    Line,
    control_share,
    ends_sentence,
    normalised_key,
    split_lines,
)
from counterpoint.extract.text_meta import (
    DATE_LABEL,
    TAGS_LABEL,
    YEAR,
    find_byline,
    find_captions,
    find_original_publisher,
    find_outlet,
    find_published,
    find_tags,
    has_credit_suffix,
    is_credit,
    is_signature,
)
from counterpoint.extract.text_model import LineModel, score_lines, shipped_model
from counterpoint.lexicon import patterns
from counterpoint.model import ParagraphKind, RemovedBlock

# The cue phrases are data, one list per language (data/languages/<code>.json), written in
# lower case as regex fragments.
# A cue that opens a block of teaser links inside the article; the article resumes after it.
RELATED_CUE = re.compile(rf"^(?:{patterns('related_cues')})\s*[:.…]*$", re.IGNORECASE)
# A cue that opens the page's own recirculation after the article: the article has ended
# (unless the article's run of paragraphs goes on after its teasers). The outlet's initials may
# stand before it ("PFT Most Commented").
END_CUE = re.compile(
    rf"^(?:(?-i:[A-Z]{{2,5}})\s+)?(?:{patterns('recirculation_cues')})\s*[:.…]*$", re.IGNORECASE
)
# A label over a ticker of other stories' headlines.
TICKER_CUE = re.compile(rf"^\W*(?:{patterns('ticker_cues')})\W*$", re.IGNORECASE)
# A heading or counter opening the readers' comments ("47 comments", "Show comments", "Leave a
# reply"): the article has ended for good.
COMMENTS_CUE = re.compile(
    rf"^\W*(?:\d[\d,.]*\s+|(?:{patterns('comment_count_words')}) )?"
    rf"(?:{patterns('comment_headings')})\W*$|^(?:{patterns('comment_prompts')})\b",
    re.IGNORECASE,
)
TEMPLATE_WORDS = re.compile(r"\w+(?:\s+\w+)*")
# A text field as a text browser draws it: "[          ]".
FORM_FIELD = re.compile(r"\[\s{3,}\]")
# A line that is only what a text browser prints for images and ad slots it cannot show: their
# file names or slot names in brackets ("[INS::INS]", "[logo-2019]") or a bare file name of
# hyphenated words ("design-week-2018-lamps-05"), never the article's words.
PLACEHOLDER = re.compile(r"^(?:\[[^\s\[\]]*\]\s*)+$|^\w+(?:[-_]\w+){3,}$")
# The attribution an embedded social post prints under its text ("— Jane Doe (@janedoe)
# November 19, 2019"): the author's handle in brackets, then the date, ending in its year.
POST_ATTRIBUTION = re.compile(r"\(@\w{1,15}\)\s+[^()]{0,40}\d{4}\W{0,2}$")
# How many lines an embedded post's text may take above its attribution, and what they may
# have been dropped as (a label the model doubted, an image), unlike a caption or a cue.
POST_MAX_LINES = 5
POST_PASSABLE_REASONS = frozenset({None, "trailing label", "image placeholder"})
# A clock time, as comment signatures stamp each post ("on May 3, 2018 at 4:47 pm said:").
CLOCK_TIME = re.compile(r"\b\d{1,2}:\d\d\b")
# A news story's first paragraph opens with its dateline, a place in capitals and perhaps the
# agency, then a dash ("NEW YORK (Reuters) - ..."): that paragraph is the lede, not a dek.
DATELINE_OPENING = re.compile(
    r"^[A-ZÀ-Þ][A-ZÀ-Þ.'’-]+(?:[ ,]+[A-ZÀ-Þ][A-ZÀ-Þ.'’-]*)*(?:\s*\([^()]{1,40}\))?\s*[-–—]+\s"
)


def extract_dump(
    text: str, *, model: LineModel | None = None, options: ExtractOptions = DEFAULT_OPTIONS
) -> Extraction:
    """Title, dek, body blocks, dropped regions and stated metadata of a plain-text dump,
    read with the thresholds of ``options``.

    Raises ``ValueError`` for input too large to be a page or that is not text.
    """
    if len(text) > options.max_dump_chars:
        raise ValueError(f"dump of {len(text)} characters exceeds {options.max_dump_chars}")
    if control_share(text) > options.max_control_share:
        raise ValueError("input looks binary: too many control characters")
    lines = split_lines(text, options)
    if not lines:
        return Extraction()
    model = model or shipped_model()
    scores = score_lines(lines, model)
    recirculation = {i: "recirculation list" for i in _recirculation_lists(lines)}
    for i in recirculation:
        scores[i] = 0.0
    body, reasons = _select_article(lines, scores, model.threshold, recirculation, options)
    thread = _comment_thread_above(lines, body, options)
    if thread is not None:
        # Readers' posts read as article text, and under a short article they are the densest
        # run: the article is what stands above the comments heading, if anything there is.
        above = [score if i < thread else 0.0 for i, score in enumerate(scores)]
        body, reasons = _select_article(lines, above, model.threshold, recirculation, options)
        body = [i for i in body if i < thread] or _signed_paragraphs_above(lines, thread, options)
        for i in range(thread, len(lines)):
            reasons.setdefault(i, "comments")
    if not body:
        return Extraction(removed=_removed(lines, set(), reasons))
    title_index, unpunctuated_dek = _find_title(lines, body, options)
    # The headline (or its copy) and a dek the model kept as the body's first lines.
    title_key = normalised_key(lines[title_index].text) if title_index is not None else None
    body = [i for i in body if i != unpunctuated_dek and normalised_key(lines[i].text) != title_key]
    if not body:
        return Extraction(removed=_removed(lines, set(), reasons))
    zone_start = title_index + 1 if title_index is not None else body[0]
    zone = lines[zone_start : body[-1] + 1]
    title = lines[title_index].text if title_index is not None else None

    captions, caption_lines = find_captions(zone, title)
    for index in caption_lines:
        reasons[index] = "caption"
    publisher, publisher_line = find_original_publisher(lines[zone_start:])
    if publisher_line is not None:
        reasons[publisher_line] = "syndication note"
    body = [i for i in body if i not in reasons]
    if not body:
        return Extraction(removed=_removed(lines, set(), reasons))
    body += _closing_list(lines, body[-1], reasons, options)
    body = _with_introduced_lists(lines, body, reasons, options)
    body = _with_embedded_posts(lines, body, reasons)

    subtitle_index = (
        unpunctuated_dek
        if unpunctuated_dek is not None
        else _find_subtitle(lines, body, zone_start, reasons, options)
    )
    if subtitle_index in body:
        body.remove(subtitle_index)
    tags, tag_lines = find_tags(lines, body[-1])
    for index in tag_lines:
        reasons[index] = "tags"
    header = lines[zone_start : body[0]]
    # Some pages print the byline over the headline; the nearest line there is looked at first.
    above_title = lines[max(0, zone_start - 1 - options.byline_above_title) : zone_start - 1][::-1]
    for line in header:
        if _is_byline_or_date(line):
            reasons.setdefault(line.index, "byline or date")

    byline = (
        find_byline(header, options)
        or find_byline(zone, options)
        or find_byline(above_title, options)
    )
    blocks = _body_blocks(lines, body, options)
    kept = {i for i in body} | {i for i in (title_index, subtitle_index) if i is not None}
    return Extraction(
        title=_block(lines[title_index], "title") if title_index is not None else None,
        subtitle=_block(lines[subtitle_index], "subtitle") if subtitle_index is not None else None,
        body=blocks,
        removed=_removed(lines, kept, reasons),
        outlet=find_outlet(lines, title, byline),
        byline=byline,
        published=find_published(header),
        original_publisher=publisher,
        tags=tags,
        captions=captions,
    )


def _select_article(
    lines: list[Line],
    scores: list[float],
    threshold: float,
    recirculation: dict[int, str],
    options: ExtractOptions,
) -> tuple[list[int], dict[int, str]]:
    """The article's lines and the reasons lines were dropped, at the model's threshold or,
    on a page where that keeps almost nothing, at a lower one."""
    reasons = dict(recirculation)
    body = _article_lines(lines, list(scores), threshold, reasons, options)
    if _word_count(lines, body) < options.thin_article_words:
        # The model is unsure of this page: take the run standing out from the page at a lower
        # level, if that finds an article's worth of text, at least twice what was kept.
        retry_reasons = dict(recirculation)
        lower = threshold * options.thin_threshold_factor
        retry = _article_lines(lines, list(scores), lower, retry_reasons, options)
        found = _word_count(lines, retry)
        if found >= options.thin_article_words and found >= 2 * _word_count(lines, body):
            return retry, retry_reasons
    return body, reasons


def _comment_thread_above(
    lines: list[Line], body: list[int], options: ExtractOptions
) -> int | None:
    """The comments heading above the kept text when that text is a thread of readers' posts:
    under the heading and through the kept text stand several short lines stamped with a
    clock time (each post's signature). A heading over the article with only its title, byline
    and date below is no thread."""
    if not body:
        return None
    heading = next(
        (
            i
            for i in range(body[0] - 1, -1, -1)
            if not lines[i].bullet and COMMENTS_CUE.match(lines[i].text.strip())
        ),
        None,
    )
    if heading is None or not _is_thread(lines[heading + 1 : body[-1] + 1], options):
        return None
    return heading


def _signed_paragraphs_above(lines: list[Line], heading: int, options: ExtractOptions) -> list[int]:
    """The paragraphs between a post's byline or date and the comments heading under it: the
    article of a short post the model doubts, its readers' posts scoring higher (an open
    thread's few lines of invitation)."""
    found: list[int] = []
    for i in range(heading - 1, max(-1, heading - 1 - options.title_window_lines), -1):
        line = lines[i]
        if _is_header_line(line, options):
            return found[::-1]
        if not line.bullet and _is_paragraph(line, options):
            found.append(i)
    return []


def _is_thread(lines: list[Line], options: ExtractOptions) -> bool:
    """Whether lines are readers' posts: several short lines (each post's signature) are
    stamped with a clock time."""
    stamped = sum(
        len(line.text.split()) <= options.heading_max_words and bool(CLOCK_TIME.search(line.text))
        for line in lines
    )
    return stamped >= options.thread_min_posts


def _recirculation_lists(lines: list[Line]) -> list[int]:
    """Bulleted items right under a ticker or recirculation label ("Breaking News", "Latest",
    "Most Read"): other stories' headlines and summaries, however article-like they read."""
    items: list[int] = []
    for i, line in enumerate(lines[:-1]):
        label = line.text.strip()
        if not (TICKER_CUE.match(label) or END_CUE.match(label)) or not lines[i + 1].bullet:
            continue
        item = i + 1
        while item < len(lines) and lines[item].bullet:
            items.append(item)
            item += 1
    return items


def _article_lines(
    lines: list[Line],
    scores: list[float],
    threshold: float,
    reasons: dict[int, str],
    options: ExtractOptions,
) -> list[int]:
    """Indices of the article's text lines: the word-weighted densest run of likely lines
    (plus any very sure line), without teaser blocks, repeats and dangling short lines."""
    start, end = _densest_run(lines, scores, threshold)
    # A long paragraph right after the run continues it, even where the page ends abruptly.
    while end + 1 < len(lines) and end >= start and _is_long_paragraph(lines[end + 1], options):
        end += 1
        scores[end] = max(scores[end], threshold)
    # Long paragraphs from the very first line up to the run are its start: a text with no
    # page around it (an export's article field), whose first line the model, trained on
    # pages that open with a masthead, doubts.
    first = start
    while first > 0 and end >= start and _is_long_paragraph(lines[first - 1], options):
        first -= 1
    if first == 0:
        for j in range(first, start):
            scores[j] = max(scores[j], threshold)
        start = first
    candidates = [
        i
        for i, score in enumerate(scores)
        if (start <= i <= end and score >= threshold) or score >= options.sure_score
    ]
    if not candidates:
        return []
    wanted = set(candidates)
    kept: list[int] = []
    in_teasers = False
    for i in range(candidates[0], candidates[-1] + 1):
        line = lines[i]
        cue = line.text.strip()
        if COMMENTS_CUE.match(cue) and kept:
            after = [j for j in candidates if i < j <= end]
            thread = bool(after) and _is_thread(lines[i + 1 : after[-1] + 1], options)
            if not thread and _article_follows(lines, kept, after, options):
                # "47 comments" under the byline: the short lines above it are the header.
                reasons[i] = "comment count"
                for j in [j for j in kept if _is_header_line(lines[j], options)]:
                    reasons[j] = "byline or date"
                    kept.remove(j)
                continue
            reasons[i] = "comments"
            break
        if END_CUE.match(cue) and kept:
            reasons[i] = "related links"
            after = [j for j in candidates if j > i]
            unsure = _mean_score(lines, scores, kept) < options.confident_score
            if not unsure and _is_box_inside_story(lines, i, after, end, options):
                in_teasers = True
                continue
            # A sidebar rendered above the article ("Most Popular" between photo captions
            # and the story) closes only what came before it, when that was unsure text
            # and the likely lines after it outweigh it.
            if not unsure or _word_count(lines, after) <= _word_count(lines, kept):
                break
            for j in kept:
                reasons[j] = "page header"
            kept, in_teasers = [], False
            continue
        if kept and _is_tags_label(cue):
            # Tags close the article; what follows them is the page's (sidebar, teasers).
            reasons[i] = "tags"
            break
        if RELATED_CUE.match(cue):
            in_teasers = True
            reasons[i] = "related links"
            continue
        if i not in wanted:
            continue
        if PLACEHOLDER.match(cue):
            reasons[i] = "image placeholder"
            continue
        if in_teasers and not _is_paragraph(line, options):
            reasons[i] = "related links"
            continue
        in_teasers = False
        kept.append(i)
    # A short line that no paragraph follows is a label or a teaser, not a heading; a page
    # with no paragraph at all (a list, a schedule) keeps its lines, and so does a list that a
    # kept line introduces with a colon ("The game has:" over its bulleted features) or whose
    # items follow one template (a calendar's "3rd round: 22 April - Velopark").
    if any(_is_paragraph(lines[i], options) for i in kept):
        while (
            not _is_paragraph(lines[kept[-1]], options)
            and not _ends_introduced_list(lines, kept, options)
            and not _ends_template_list(lines, kept, options)
        ):
            reasons[kept.pop()] = "trailing label"
    return kept


def _ends_template_list(lines: list[Line], kept: list[int], options: ExtractOptions) -> bool:
    """Whether the kept lines end with at least ``list_min_items`` distinct items of a few
    words each that all follow one template (the same punctuation between runs of words)."""
    signature = _template(lines[kept[-1]].text)
    if len(signature) < options.list_template_min_chars:
        return False
    items: list[str] = []
    for i in reversed(kept):
        text = lines[i].text
        if _template(text) != signature or len(text.split()) < options.list_item_min_words:
            break
        items.append(normalised_key(text))
    return len(items) >= options.list_min_items and len(set(items)) == len(items)


def _ends_introduced_list(lines: list[Line], kept: list[int], options: ExtractOptions) -> bool:
    """Whether the kept lines end with bulleted items right under a kept line that introduces
    them with a colon."""
    items = 0
    while items < len(kept) and lines[kept[-1 - items]].bullet:
        items += 1
    if not items or items == len(kept):
        return False
    intro = lines[kept[-1 - items]].text.rstrip()
    return intro.endswith(":") and len(intro.split()) >= options.list_intro_min_words


def _article_follows(
    lines: list[Line], kept: list[int], after: list[int], options: ExtractOptions
) -> bool:
    """Whether a comments cue stands in the article's header (a count or link under the
    byline): no more than a dek and a lede were kept above it, and more of the article's run
    of paragraphs goes on below it than was kept above."""
    above = [j for j in kept if _is_long_paragraph(lines[j], options)]
    below = [j for j in after if _is_paragraph(lines[j], options) and not lines[j].bullet]
    words_below = _word_count(lines, below)
    return (
        len(above) <= options.header_max_paragraphs
        and words_below >= options.resume_min_words
        and words_below > _word_count(lines, kept)
    )


def _is_tags_label(text: str) -> bool:
    """A bare tags label ("Tags", "Tags:"), the tags on the lines below it."""
    label = TAGS_LABEL.match(text)
    return label is not None and not label.group("rest").strip()


def _is_byline_or_date(line: Line) -> bool:
    return is_signature(line.text) or bool(YEAR.search(line.text) and DATE_LABEL.sub("", line.text))


def _is_header_line(line: Line, options: ExtractOptions) -> bool:
    """A byline or date line short enough not to be a sentence of the article mentioning one."""
    return len(line.text.split()) < options.dek_min_words and _is_byline_or_date(line)


def _is_box_inside_story(
    lines: list[Line], cue: int, after: list[int], run_end: int, options: ExtractOptions
) -> bool:
    """Whether a closing cue heads a box of teaser headlines inside the story ("More from UK"
    and a list of links between two paragraphs): the article's run goes on after the list.
    Teasers written as paragraphs (a blurb under each link) look like the article going on,
    so only a list of headline lines (or bulleted items) counts."""
    resumed = [
        j
        for j in after
        if j <= run_end and _is_paragraph(lines[j], options) and not lines[j].bullet
    ]
    if _word_count(lines, resumed) < options.resume_min_words:
        return False
    teasers = lines[cue + 1 : resumed[0]]
    headlines = all(line.bullet or not _is_paragraph(line, options) for line in teasers)
    return len(teasers) >= options.box_min_teasers and headlines


def _closing_list(
    lines: list[Line], last: int, reasons: dict[int, str], options: ExtractOptions
) -> list[int]:
    """A list that closes the article under its own heading (dates, results, specs).

    Its items score low one by one, but they all follow one template (the same punctuation
    between runs of words), which teasers and menus rarely do.
    """
    heading = last + 1
    if heading >= len(lines) or not _is_list_heading(lines[heading], options):
        return []
    signature = _template(lines[heading + 1].text) if heading + 1 < len(lines) else ""
    if len(signature) < options.list_template_min_chars:
        return []
    items: list[int] = []
    matching: list[str] = []
    misses = list_end = 0
    for line in lines[heading + 1 :]:
        if _template(line.text) == signature:
            items.append(line.index)
            matching.append(line.text)
            misses, list_end = 0, len(items)
        elif ends_sentence(line.text) or (misses := misses + 1) > options.list_max_misses:
            break
        else:
            items.append(line.index)
    # Lines after the last item that follows the template are not part of the list.
    del items[list_end:]
    distinct = {normalised_key(text) for text in matching}
    wordy = all(len(text.split()) >= options.list_item_min_words for text in matching)
    if len(distinct) < options.list_min_items or len(distinct) < len(matching) or not wordy:
        return []
    for index in [heading, *items]:
        reasons.pop(index, None)
    return [heading, *items]


def _with_introduced_lists(
    lines: list[Line], body: list[int], reasons: dict[int, str], options: ExtractOptions
) -> list[int]:
    """The body with the bulleted items a kept sentence introduces with a colon ("The plan
    has three parts:"): items score low one by one, but the sentence vouches for them. An item
    goes on over the lines printed right under it with no blank line between (its link, its
    price), or under the list's next item within a few lines, bar image placeholders."""
    kept = set(body)
    for i in body:
        text = lines[i].text.rstrip()
        if (
            lines[i].bullet
            or not text.endswith(":")
            or len(text.split()) < options.list_intro_min_words
        ):
            continue
        item, items = i + 1, 0
        while item < len(lines):
            line = lines[item]
            if line.bullet:
                items += 1
                if items > options.list_max_introduced:
                    break
            elif not items or (line.blank_before and not _item_follows(lines, item, options)):
                break
            if PLACEHOLDER.match(line.text.strip()):
                reasons[item] = "image placeholder"
            else:
                kept.add(item)
                reasons.pop(item, None)
            item += 1
    return sorted(kept)


def _with_embedded_posts(lines: list[Line], body: list[int], reasons: dict[int, str]) -> list[int]:
    """The body with the social posts embedded in it or closing it: a post's text reads as a
    short caption-like line or two and its attribution as a label, but the attribution under
    them ("— Jane Doe (@janedoe) November 19, 2019") vouches for the lines since the last kept
    one (or the post before), unless a closing cue or a caption stands between."""
    kept = set(body)
    for index, line in enumerate(lines):
        if index in kept or not POST_ATTRIBUTION.search(line.text):
            continue
        previous = max((i for i in kept if i < index), default=None)
        if previous is None or index - previous - 1 > POST_MAX_LINES:
            continue
        between = range(previous + 1, index + 1)
        if any(reasons.get(i) not in POST_PASSABLE_REASONS for i in between):
            continue
        for i in between:
            if not PLACEHOLDER.match(lines[i].text.strip()):
                kept.add(i)
                reasons.pop(i, None)
    return sorted(kept)


def _item_follows(lines: list[Line], index: int, options: ExtractOptions) -> bool:
    """Whether the line at ``index`` sits between two items of a list: another bulleted item
    comes within ``list_max_misses`` lines, and the line is no page label over a list of its
    own ("Share this:"; a longer intro with a colon opens the article's next list)."""
    text = lines[index].text.rstrip()
    if text.endswith(":") and len(text.split()) < options.list_intro_min_words:
        return False
    ahead = lines[index + 1 : index + 1 + options.list_max_misses]
    return any(line.bullet for line in ahead)


def _is_list_heading(line: Line, options: ExtractOptions) -> bool:
    text = line.text.strip()
    return (
        len(text.split()) <= options.heading_max_words
        and (not ends_sentence(text) or text.endswith(":"))
        and not (END_CUE.match(text) or RELATED_CUE.match(text) or COMMENTS_CUE.match(text))
    )


def _template(text: str) -> str:
    """The shape of a line: each run of words collapsed, the punctuation between them kept."""
    return TEMPLATE_WORDS.sub("a", text)


def _word_count(lines: list[Line], indices: list[int]) -> int:
    return sum(len(lines[i].text.split()) for i in indices)


def _mean_score(lines: list[Line], scores: list[float], indices: list[int]) -> float:
    """Word-weighted mean score of some lines."""
    weights = [len(lines[i].text.split()) for i in indices]
    return sum(scores[i] * w for i, w in zip(indices, weights, strict=True)) / max(sum(weights), 1)


def _densest_run(lines: list[Line], scores: list[float], threshold: float) -> tuple[int, int]:
    """The run of lines with the largest word-weighted sum of (score - threshold)."""
    best, best_range = 0.0, (0, -1)
    running, run_start = 0.0, 0
    for i, (line, score) in enumerate(zip(lines, scores, strict=True)):
        gain = (score - threshold) * (1 + len(WORD.findall(line.text[:4000]))) ** 0.5
        if running <= 0:
            running, run_start = gain, i
        else:
            running += gain
        if running > best:
            best, best_range = running, (run_start, i)
    return best_range


def _is_long_paragraph(line: Line, options: ExtractOptions) -> bool:
    return (
        not line.bullet
        and ends_sentence(line.text)
        and len(line.text.split()) >= options.continuation_min_words
    )


def _is_paragraph(line: Line, options: ExtractOptions) -> bool:
    return ends_sentence(line.text) or len(line.text.split()) > options.heading_max_words


def _is_title_shaped(line: Line) -> bool:
    words = line.text.split()
    return (
        2 <= len(words) <= 30
        and not line.bullet
        and not line.indent
        and (line.blank_before or line.index == 0)
        and line.text.rstrip()[-1:] not in ".:,;"
        and not is_signature(line.text)
        and not RELATED_CUE.match(line.text)
        and not END_CUE.match(line.text)
    )


def _find_title(
    lines: list[Line], body: list[int], options: ExtractOptions
) -> tuple[int | None, int | None]:
    """The title and an unpunctuated dek above the article.

    The title is the headline-shaped line above the article whose words the opening
    paragraphs repeat most, the nearest one among near ties (its earliest copy, since pages
    often print the headline twice): bylines, dates, photo credits, section labels and
    outlet names stand there too, but a story's lede retells its headline. A page whose lede
    shares no word with any of them keeps the nearest one above the byline. When another,
    shorter headline-shaped line stands right above the title, that one is the title and the
    longer line below is the dek (and so is a longer one right below the title).
    """
    first_body = body[0]
    window_start = max(0, first_body - options.title_window_lines)
    candidates = [i for i in range(window_start, first_body) if _is_title_candidate(lines[i])]
    lede = _lede(lines, body, options)
    echoes = {i: round(_lede_echo(lines[i].text, lede, options), 1) for i in candidates}
    if any(echoes.values()):
        ranked = sorted(reversed(candidates), key=echoes.__getitem__, reverse=True)
    elif _is_kept_headline(lines, body, options):
        return _title_and_dek(lines, first_body, window_start, [*candidates, first_body], options)
    else:
        signatures = [j for j in range(window_start, first_body) if is_signature(lines[j].text)]
        above = [j for j in candidates if signatures and j < signatures[-1]]
        ranked = above[::-1] + [j for j in reversed(candidates) if j not in above]
    # A date line is headline-shaped too; parsing dates is slow, so only the best few are.
    i = next((j for j in ranked if find_published([lines[j]]) is None), None)
    if i is None:
        return None, None
    return _title_and_dek(lines, i, window_start, candidates, options)


def _is_kept_headline(lines: list[Line], body: list[int], options: ExtractOptions) -> bool:
    """Whether the model kept the headline itself as the body's first line (the text under
    it following at once): a headline-shaped line, not a paragraph, that the lede retells."""
    first = lines[body[0]]
    return (
        len(body) > 1
        and _is_title_candidate(first)
        and not _is_paragraph(first, options)
        and _lede_echo(first.text, _lede(lines, body[1:], options), options) > 0
    )


def _title_and_dek(
    lines: list[Line], i: int, window_start: int, candidates: list[int], options: ExtractOptions
) -> tuple[int, int | None]:
    """The chosen headline line, or the shorter one stacked over it (a headline too, not a
    date line or a logo's link), and the dek if any."""
    upper = lines[i - 1] if i > window_start else None
    if (
        upper is not None
        and _is_title_over_dek(upper, lines[i], options)
        and _is_title_candidate(upper)
        and find_published([upper]) is None
    ):
        return _earliest_copy(lines, i - 1, window_start), i
    below = i + 1
    if below in candidates and _is_title_over_dek(lines[i], lines[below], options):
        return _earliest_copy(lines, i, window_start), below
    return _earliest_copy(lines, i, window_start), None


def _lede(lines: list[Line], body: list[int], options: ExtractOptions) -> set[str]:
    """The words of the opening paragraphs, which retell the headline."""
    return {
        word
        for i in body[: options.lede_lines]
        for word in normalised_key(lines[i].text).split()
        if len(word) >= options.title_word_min_chars
    }


def _is_title_candidate(line: Line) -> bool:
    """A headline-shaped line that is not a photo credit, a link or a form."""
    return (
        _is_title_shaped(line)
        and not (is_credit(line) or has_credit_suffix(line))
        and "http" not in line.text
        and not FORM_FIELD.search(line.text)
    )


def _lede_echo(text: str, lede: set[str], options: ExtractOptions) -> float:
    """Share of a line's words that the lede repeats, shrunk for short lines: two words both
    found in the lede ("Fox News") say less than ten of twelve."""
    words = normalised_key(text).split()
    content = {word for word in words if len(word) >= options.title_word_min_chars}
    if not content:
        return 0.0
    return (
        len(content & lede) / len(content) * len(words) / (len(words) + options.title_shrink_words)
    )


def _is_title_over_dek(upper: Line, lower: Line, options: ExtractOptions) -> bool:
    """Two stacked stand-alone headline lines: a shorter title over a longer dek."""
    upper_words, lower_words = len(upper.text.split()), len(lower.text.split())
    return (
        _is_title_shaped(upper)
        and upper.blank_after
        and upper_words >= options.title_min_words
        and lower_words >= options.dek_min_words
        and lower_words > upper_words
    )


def _earliest_copy(lines: list[Line], index: int, window_start: int) -> int:
    key = normalised_key(lines[index].text)
    for j in range(window_start, index):
        if normalised_key(lines[j].text) == key:
            return j
    return index


def _find_subtitle(
    lines: list[Line],
    body: list[int],
    zone_start: int,
    reasons: dict[int, str],
    options: ExtractOptions,
) -> int | None:
    """The dek: a one-sentence paragraph between title and body that is set apart from the
    body by other lines (byline, photo), or is much shorter than the paragraphs after it and
    stands over the byline or reads as a summary."""
    for i in range(zone_start, body[0]):
        line = lines[i]
        standalone = not line.bullet and not line.indent and i not in reasons
        if standalone and _is_dek_shaped(line, options, max_sentences=2):
            return i
    first = lines[body[0]]
    if len(body) < 3 or not _is_dek_shaped(first, options):
        return None
    separated = body[1] - body[0] > 1
    following = [len(lines[i].text.split()) for i in body[1:6] if _is_paragraph(lines[i], options)]
    shorter = bool(following) and len(first.text.split()) < 0.5 * median(following)
    # A short one-sentence lede is common in news; a short opening line under the byline or
    # date is a dek only when it is a summary: cut off, or printed before on the page (a
    # teaser, a video's caption).
    under_byline = any(_is_byline_or_date(lines[i]) for i in range(zone_start, body[0]))
    key = normalised_key(first.text)
    summary = first.text.rstrip().endswith(("...", "…")) or any(
        key in normalised_key(lines[i].text) for i in range(body[0])
    )
    return body[0] if separated or (shorter and (summary or not under_byline)) else None


def _is_dek_shaped(line: Line, options: ExtractOptions, max_sentences: int = 1) -> bool:
    """A short paragraph of at most ``max_sentences`` sentences: one for a dek that opens
    the body run, two for one already set apart between title and body."""
    words = len(line.text.split())
    sentences = 1 + len(re.findall(r"[.!?]\s+[A-Z]", line.text))
    return (
        options.dek_min_words <= words <= options.dek_max_words
        and ends_sentence(line.text)
        and sentences <= max_sentences
        and not DATELINE_OPENING.match(line.text)
    )


def _body_blocks(lines: list[Line], body: list[int], options: ExtractOptions) -> list[Block]:
    """Body lines as blocks: a short non-sentence line followed by a paragraph is a heading."""
    blocks = []
    for position, i in enumerate(body):
        line = lines[i]
        heading = (
            not _is_paragraph(line, options)
            and position + 1 < len(body)
            and _is_paragraph(lines[body[position + 1]], options)
        )
        blocks.append(_block(line, "heading" if heading else "paragraph"))
    return blocks


def _block(line: Line, kind: ParagraphKind) -> Block:
    return Block(line.text, kind, line.start, line.end)


def _removed(lines: list[Line], kept: set[int], reasons: dict[int, str]) -> list[RemovedBlock]:
    """Dropped lines grouped into consecutive runs that share a reason."""
    first_kept = min(kept) if kept else len(lines)
    last_kept = max(kept) if kept else len(lines)
    blocks: list[RemovedBlock] = []
    previous = -2
    for line in lines:
        if line.index in kept:
            continue
        reason = reasons.get(line.index) or _position_reason(line, first_kept, last_kept)
        if blocks and previous == line.index - 1 and blocks[-1].reason == reason:
            blocks[-1].raw_end = line.end
        else:
            blocks.append(RemovedBlock(line.start, line.end, reason))
        previous = line.index
    return blocks


def _position_reason(line: Line, first_kept: int, last_kept: int) -> str:
    if line.index < first_kept:
        return "navigation" if line.bullet else "page header"
    if line.index > last_kept:
        return "related or footer"
    return "boilerplate"
