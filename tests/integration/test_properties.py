"""Property-based test (hypothesis): the quote finder over the real English pipeline, on
generated input."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings

from counterpoint.annotate import nlp

from ..unit.test_properties import EXAMPLES, QUOTE_PARAGRAPHS, check_quotes, quote_article

SLOW = settings(
    max_examples=max(EXAMPLES // 3, 1), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SLOW
@given(QUOTE_PARAGRAPHS)
@example([("“We will not give up,” the minister said on Monday.", "paragraph")])
def test_quote_finder_on_the_english_model(paragraphs: list[tuple[str, str]]) -> None:
    article = quote_article(paragraphs)
    check_quotes(article, nlp.load("en")(article.text))
