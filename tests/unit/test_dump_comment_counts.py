"""A count of comments printed under the byline is page furniture, not the start of the
readers' comments: the article's body below it is kept, and the comments heading after the
article still ends it."""

from __future__ import annotations

import pytest

from counterpoint.extract.text import extract_dump

# A page as `w3m -dump` renders it: menu, masthead, headline, dek, byline, date, the comment
# count, share buttons, the story, a related box, the comments and the footer.
PAGE = """Skip to main content
Menu  Search  Subscribe  Log in
   * News
   * Politics
   * Business
   * Sport
   * Culture

The Riverside Courier

Council approves 4.5% rise in school budget after long night of debate

The vote clears the way for 30 new teachers in the fall, the first hires the district has made in six years.

By Jane Doe
March 3, 2024 at 7:45 p.m.
{count}

Share  Tweet  Email

The city council voted 7 to 2 on Tuesday to raise the school budget by 4.5 percent, to $12.4 million, after a debate that ran past midnight.

The increase will pay for 30 new teachers and the repair of two elementary schools, the superintendent, Maria Gomez, told the council before the vote.

"We have waited six years for this," Gomez said. "Our classrooms have 31 pupils on average, and this brings it down to 26."

Councilman Robert Hale, who voted against the measure, said the city could not afford it while property taxes were frozen. "This is money we do not have," he said.

The budget now goes to the mayor, who has 10 days to sign it.

Related
   * Mayor signs transit plan
   * Two schools to close in June

{count}

Bob K. · 2 hours ago
This is a great result for our kids, and long overdue if you ask me.
Reply  Like

Sue M. · 1 hour ago
Finally! Took long enough. Now fix the roads.
Reply  Like

About us  Contact  Privacy policy  Terms of use
© 2024 The Riverside Courier
"""  # noqa: E501

LEAD = "The city council voted 7 to 2 on Tuesday"
LAST = "The budget now goes to the mayor, who has 10 days to sign it."


@pytest.mark.parametrize(
    "count",
    [
        "3 comments",
        "47 comments",
        "1 Comment",
        "1,204 Comments",
        "12 commentaires",
        "8 comentarios",
        "5 comentários",
        "3 Kommentare",
        "1 Kommentar",
        "6 commenti",
        "2 reacties",
        "9 komentar",
        "4 комментария",
    ],
)
def test_a_comment_count_under_the_byline_does_not_end_the_article(count: str) -> None:
    page = PAGE.format(count=count)
    extraction = extract_dump(page)
    body = [block.text for block in extraction.body]
    assert body[0].startswith(LEAD)
    assert body[-1] == LAST
    assert len(body) == 5
    assert extraction.byline == "Jane Doe"
    assert extraction.published is not None and extraction.published.day == 3
    reasons = {page[r.raw_start : r.raw_end]: r.reason for r in extraction.removed}
    assert reasons[count] in ("comment count", "comments")
    assert "This is a great result for our kids" not in " ".join(body)


def test_a_comment_count_after_the_lead_keeps_the_rest(tmp_path: object) -> None:
    lead = (
        "The city council voted 7 to 2 on Tuesday to raise the school budget by 4.5 percent, "
        "to $12.4 million, after a debate that ran past midnight."
    )
    page = PAGE.format(count="").replace(f"Share  Tweet  Email\n\n{lead}", f"{lead}\n\n3 comments")
    extraction = extract_dump(page)
    text = " ".join(b.text for b in extraction.blocks())
    assert lead in text and LAST in text and "Took long enough" not in text
