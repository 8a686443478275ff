"""The web app and the HTTP API on a hand-built store: pages, filters, escaping of hostile
text, the security headers, the token on writes, the upload limit and the API's shapes."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient

from counterpoint.model import (
    ActorLabel,
    ActorSentiment,
    Article,
    BriefingSentence,
    Claim,
    ClaimMention,
    Conflict,
    ConflictSide,
    Corpus,
    Coverage,
    CoverageFact,
    DistinctiveTerm,
    Entity,
    OutletFraming,
    Paragraph,
    Quantity,
    Quote,
    RemovedBlock,
    ScareQuote,
    Sentence,
    Story,
    TimelineEntry,
    TimelineMention,
    Voice,
    VoiceBalance,
    VoiceQuote,
)
from counterpoint.present.app import create_app
from counterpoint.present.export import export_dict
from counterpoint.store import Store

TOKEN = "s3cret-token"
SCRIPT = "<script>alert('title')</script>"
HANDLER = '<img src=x onerror="alert(1)">'
JS_URL = "javascript:alert(document.domain)"


def make_article(
    article_id: str,
    outlet: str,
    title: str,
    body: list[str],
    published: datetime | None,
    *,
    url: str | None = None,
    byline: str | None = None,
    language: str = "en",
) -> Article:
    """An article whose paragraphs, sentences, quotes, quantities and entities are found in
    its own text, so every offset is right by construction."""
    text = "\n\n".join([title, *body])
    paragraphs, sentences, position = [], [], 0
    for index, block in enumerate([title, *body]):
        start = text.index(block, position)
        paragraphs.append(
            Paragraph(start, start + len(block), "title" if index == 0 else "paragraph")
        )
        sentences.append(Sentence(start, start + len(block)))
        position = start + len(block)
    article = Article(
        id=article_id,
        source=f"invented/{article_id}.txt",
        text=text,
        title=title,
        outlet=outlet,
        url=url,
        byline=byline,
        language=language,
        published=published,
        content_hash=article_id * 8,
        paragraphs=paragraphs,
        sentences=sentences,
    )
    for match in re.finditer(r"“([^”]+)”", text):
        article.quotes.append(Quote(match.start(1), match.end(1), "direct", speaker="Ilse Marek"))
    for match in re.finditer(r"\b(\d+) (dead|ships)\b", text):
        article.quantities.append(
            Quantity(match.start(1), match.end(1), float(match.group(1)), "=", "cardinal")
        )
    for match in re.finditer(r"Port Halvek|Ilse Marek", text):
        article.entities.append(Entity(match.start(), match.end(), "GPE", match.group(), "e1"))
    return article


def _at(day: int) -> datetime:
    return datetime(2031, 5, day, 9, 30, tzinfo=UTC)


def sample_corpus() -> Corpus:
    first = make_article(
        "a1",
        "Halvek Courier",
        "Storm batters Port Halvek, 14 dead",
        [
            "PORT HALVEK (Courier) -- The storm left 14 dead overnight, the harbour office said.",
            "“We have never seen water this high,” said harbour master Ilse Marek on Tuesday.",
        ],
        _at(3),
        url="https://courier.example/storm",
        byline="By T. Onre",
    )
    first.removed = [RemovedBlock(0, 9, "navigation")]
    second = make_article(
        "a2",
        "Baltic Wire",
        "Port Halvek storm toll rises",
        ["At least 19 dead are now counted in Port Halvek, rescuers said late on Tuesday."],
        _at(4),
    )
    hostile = make_article(
        "a3",
        HANDLER,
        f"{SCRIPT} Ferry strike ends",
        [f"Unions signed at dawn. {SCRIPT} “<b onmouseover=alert(2)>We won</b>,” one said."],
        _at(10),
        url=JS_URL,
        byline='"><svg onload=alert(3)>',
        language="de",
    )
    left, right = first.quantities[0], second.quantities[0]
    conflict = Conflict(
        id="k1",
        kind="conflict",
        a=ConflictSide(
            "a1",
            left.start,
            left.end,
            14,
            "14",
            "dead",
            None,
            "Halvek Courier",
            sentence_start=first.sentences[1].start,
            sentence_end=first.sentences[1].end,
        ),
        b=ConflictSide(
            "a2",
            right.start,
            right.end,
            19,
            "19",
            "dead",
            None,
            "Baltic Wire",
            sentence_start=second.sentences[1].start,
            sentence_end=second.sentences[1].end,
        ),
        explanation="Halvek Courier: 14 dead; Baltic Wire: 19 dead, same night",
        claim_id="c1",
        story_id="s1",
    )
    claim = Claim(
        "c1",
        "s1",
        "storm:dead",
        [
            ClaimMention("a1", left.start, left.end, 14, "=", "dead"),
            ClaimMention("a2", right.start, right.end, 19, "=", "dead"),
        ],
        status="conflict",
    )
    sentence = first.sentences[2]
    day = first.text.index("Tuesday")
    timeline = TimelineEntry(
        "t1",
        "s1",
        "2031-05-03",
        [TimelineMention("a1", sentence.start, sentence.end, day, day + 7, "2031-05-03")],
    )
    quote = first.quotes[0]
    said = first.sentences[2]
    compared = Story(
        "s1",
        "Storm batters Port Halvek",
        ["a1", "a2"],
        _at(3),
        _at(4),
        coverage=Coverage(
            outlets=["Baltic Wire", "Halvek Courier"],
            facts=[CoverageFact("c1", "storm deaths", ["Baltic Wire", "Halvek Courier"], ["a1"])],
        ),
        voices=[
            Voice(
                "Ilse Marek",
                "person",
                "official",
                role="harbour master",
                outlets=["Halvek Courier"],
                quotes=[VoiceQuote("a1", quote.start, quote.end, "direct", "Halvek Courier")],
            )
        ],
        voice_balance=[VoiceBalance("Halvek Courier", {"official": 1})],
        framing=[
            OutletFraming(
                "Halvek Courier",
                terms=[DistinctiveTerm("harbour office", 2.4, 1.1, 3)],
                actor_labels=[ActorLabel("Ilse Marek", f"{SCRIPT} master", 1, loaded=True)],
                scare_quotes=[ScareQuote("a1", quote.start, quote.start + 7)],
                sentiment=[ActorSentiment("Port Halvek", -0.4, 2)],
            ),
            OutletFraming("Baltic Wire", terms=[DistinctiveTerm("rescuers", 1.9, 0.8, 1)]),
        ],
        briefing=[BriefingSentence("a1", said.start, said.end, "core", "Halvek Courier", JS_URL)],
    )
    stories = [
        compared,
        Story("s2", f"{SCRIPT} Ferry strike ends", ["a3"], _at(10), _at(10)),
    ]
    return Corpus(
        articles=[first, second, hostile],
        stories=stories,
        claims=[claim],
        conflicts=[conflict],
        timeline=[timeline],
    )


def fill(store: Store, corpus: Corpus) -> None:
    for article in corpus.articles:
        store.save_article(article)
    store.save_links(corpus.stories, [], corpus.claims, corpus.conflicts, corpus.timeline)


def saving_analyse(store: Store, paths: list[Path], progress) -> None:
    """A stand-in for the pipeline: each uploaded file becomes one article as it is."""
    for index, path in enumerate(paths):
        text = path.read_text(encoding="utf-8")
        article = make_article(f"up{index}", "Upload Desk", text.splitlines()[0], [], None)
        store.save_article(article)
        progress("article", article.id)
    progress("link", "")


@pytest.fixture
def store(tmp_path: Path):
    store = Store(str(tmp_path / "app.db"))
    fill(store, sample_corpus())
    yield store
    store.close()


def client_for(store: Store, tmp_path: Path, token: str | None = TOKEN, **options) -> TestClient:
    app = create_app(
        store, token=token, uploads=tmp_path / "uploads", analyse=saving_analyse, **options
    )
    return TestClient(app)


@pytest.fixture
def client(store: Store, tmp_path: Path) -> TestClient:
    return client_for(store, tmp_path)


def _links(html: str) -> list[str]:
    return [href for href in lxml.html.fromstring(html).xpath("//a/@href")]


# --- pages ---------------------------------------------------------------------------------


def test_the_story_list_finds_the_conflict_in_one_click(client: TestClient) -> None:
    html = client.get("/").text
    assert "Storm batters Port Halvek" in html
    assert '<a class="badge alert" href="/stories/s1#conflicts">1</a>' in html
    story = client.get("/stories/s1").text
    marked = re.findall(r'<mark class="figure">([^<]*)</mark>', story)
    assert marked[:2] == ["14", "19"]
    assert "The storm left " in story and " dead are now counted in Port Halvek" in story


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"s1", "s2"}),
        ("q=rescuers", {"s1"}),
        ("q=ferr", {"s2"}),
        ("q=%22%29+OR+%28", set()),
        ("outlet=Baltic+Wire", {"s1"}),
        ("language=de", {"s2"}),
        ("conflicts=1", {"s1"}),
        ("since=2031-05-05", {"s2"}),
        ("until=2031-05-03", {"s1"}),
        ("since=2031-05-05&until=2031-05-09", set()),
        ("since=not-a-day", {"s1", "s2"}),
    ],
)
def test_the_story_list_filters(client: TestClient, query: str, expected: set[str]) -> None:
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    found = {
        link.split("/")[2].split("#")[0] for link in _links(response.text) if "/stories/" in link
    }
    assert found == expected


def test_the_article_page_highlights_its_spans_beside_what_was_removed(
    client: TestClient,
) -> None:
    html = client.get("/articles/a1").text
    tree = lxml.html.fromstring(html)
    quotes = tree.xpath("//div[@id='text']//span[contains(@class, 'quote')]/text()")
    assert quotes == ["We have never seen water this high,"]
    assert tree.xpath("//div[@id='text']//span[contains(@class, 'num')]/text()") == ["14", "14"]
    faded = tree.xpath("//div[contains(@class, 'faded')]")
    assert len(faded) == 1 and "navigation" in faded[0].text_content()
    cited = client.get("/articles/a1?cite=0-5").text
    assert '<span class="cited ' in cited or 'class="cited"' in cited
    assert "cited" not in client.get("/articles/a1?cite=5-999999").text.split("<main>")[1]


def test_the_story_page_shows_each_comparison_with_its_explanation(client: TestClient) -> None:
    tree = lxml.html.fromstring(client.get("/stories/s1").text)
    text = tree.text_content()
    assert "2 independent outlets are compared" in text
    assert "z-score" in text and "harbour office" in text
    assert tree.xpath("//section[@id='voices']//span[@class='quote']/text()") == [
        "“We have never seen water this high,”"
    ]
    (cited,) = tree.xpath("//ul[@class='briefing']/li")
    assert cited.text.startswith("“We have never seen water this high,” said harbour master")
    assert cited.xpath(".//a/@href")[0].startswith("/articles/a1?cite=")
    assert "“We have”" in text  # the scare quote, cut from the text
    assert len(tree.xpath("//figure[@class='chart']/svg")) == 4  # voices, timeline, terms, tone
    assert f"{SCRIPT} master" in text and "<script>alert" not in client.get("/stories/s1").text


def test_unknown_ids_are_not_found(client: TestClient) -> None:
    for path in ("/stories/nope", "/articles/nope", "/api/stories/nope", "/api/articles/nope"):
        assert client.get(path).status_code == 404


# --- what is shown is never run ------------------------------------------------------------


PAGES = ["/", "/?q=ferry", "/stories/s2", "/articles/a3", "/add", "/docs"]


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_is_shown_as_text(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.text)
    scripts = tree.xpath("//script")
    assert [s.get("src") for s in scripts] == ["/static/app.js"]
    assert all(not (s.text or "").strip() for s in scripts)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        assert not any(name.startswith("on") for name in element.attrib), element.tag
        assert "style" not in element.attrib
        assert element.tag not in ("img", "b", "iframe", "object")
    for href in tree.xpath("//@href"):
        assert href.startswith(("/", "#", "http://", "https://")), href


def test_hostile_values_appear_escaped(client: TestClient) -> None:
    html = client.get("/articles/a3").text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert "&lt;svg onload=alert(3)&gt;" in html
    assert JS_URL not in _links(html)
    story = client.get("/stories/s2").text
    assert "<script>alert" not in story and JS_URL not in _links(story)


@pytest.mark.parametrize("path", [*PAGES, "/api/articles", "/static/app.css"])
def test_every_response_carries_a_strict_policy(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers["x-content-type-options"] == "nosniff"


def test_the_api_docs_need_no_network(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "/api/conflicts" in html and "/api/search" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert client.get("/openapi.json").json()["paths"]["/api/facts"]


# --- writes --------------------------------------------------------------------------------


def _upload(client: TestClient, headers: dict[str, str], content: bytes = b"Dock strike\n"):
    return client.post(
        "/api/uploads", headers=headers, files=[("files", ("../../etc/x.txt", content))]
    )


def test_writes_are_refused_without_a_configured_token(store: Store, tmp_path: Path) -> None:
    client = client_for(store, tmp_path, token=None)
    response = _upload(client, {"Authorization": "Bearer anything"})
    assert response.status_code == 403
    assert "COUNTERPOINT_TOKEN" in response.json()["detail"]


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}]
)
def test_writes_need_the_token(client: TestClient, headers: dict[str, str], tmp_path) -> None:
    assert _upload(client, headers).status_code == 401
    assert not (tmp_path / "uploads").exists()


def test_an_upload_is_analysed_and_appears(client: TestClient, tmp_path: Path) -> None:
    response = _upload(client, {"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 202
    job = response.json()
    assert job["files"] == ["000-x.txt"]
    assert list((tmp_path / "uploads").glob("*/000-x.txt"))
    for _ in range(100):
        job = client.get(f"/api/jobs/{job['id']}").json()
        if job["state"] == "done":
            break
        time.sleep(0.05)
    assert job["state"] == "done" and job["article_ids"] == ["up0"]
    assert "Dock strike" in client.get("/articles/up0").text


def test_pasted_text_is_kept_as_a_record_with_its_metadata(client: TestClient, tmp_path) -> None:
    response = client.post(
        "/api/uploads",
        headers={"Authorization": f"Bearer {TOKEN}"},
        data={"text": "Quay closed", "title": "Quay", "outlet": "Desk"},
    )
    assert response.status_code == 202
    (record,) = (tmp_path / "uploads").glob("*/000-pasted.jsonl")
    assert record.read_text(encoding="utf-8") == (
        '{"title": "Quay", "outlet": "Desk", "text": "Quay closed"}\n'
    )


def test_an_upload_over_the_limit_is_refused(store: Store, tmp_path: Path) -> None:
    client = client_for(store, tmp_path, max_upload_mb=0.001)
    response = _upload(client, {"Authorization": f"Bearer {TOKEN}"}, b"x" * 5000)
    assert response.status_code == 413
    assert not list((tmp_path / "uploads").glob("*/*"))


# --- the API -------------------------------------------------------------------------------


def test_api_records_are_the_exports(client: TestClient) -> None:
    exported = export_dict(sample_corpus())
    articles = client.get("/api/articles?limit=2").json()
    assert articles["total"] == 3 and articles["limit"] == 2
    assert articles["items"] == exported["articles"][:2]
    assert client.get("/api/articles?limit=2&offset=2").json()["items"] == exported["articles"][2:]
    assert client.get("/api/conflicts").json()["items"] == exported["conflicts"]
    assert client.get("/api/facts?story_id=s1").json()["items"] == exported["claims"]
    assert client.get("/api/timeline").json()["items"] == exported["timeline"]
    story = client.get("/api/stories/s1").json()
    assert story["story"] == exported["stories"][0]
    assert story["conflicts"] == exported["conflicts"]
    listed = client.get("/api/stories?has_conflicts=true").json()
    assert listed["total"] == 1 and listed["items"] == exported["stories"][:1]


def test_api_spans_carry_their_article(client: TestClient) -> None:
    exported = export_dict(sample_corpus())["articles"]
    quotes = client.get("/api/quotes?article_id=a1").json()
    assert quotes["items"] == [
        {"article_id": "a1", "outlet": "Halvek Courier", **q} for q in exported[0]["quotes"]
    ]
    entities = client.get("/api/entities?limit=100").json()
    assert entities["total"] == sum(len(a["entities"]) for a in exported)
    assert {e["text"] for e in entities["items"]} == {"Port Halvek", "Ilse Marek"}


def test_api_search_ranks_articles_and_names_their_stories(client: TestClient) -> None:
    found = client.get("/api/search?q=Halvek+storm").json()
    assert found["total"] == 2 and {a["id"] for a in found["items"]} == {"a1", "a2"}
    assert found["story_ids"] == {"a1": ["s1"], "a2": ["s1"]}
    assert client.get("/api/search?q=").status_code == 422
    assert client.get("/api/articles?limit=101").status_code == 422


def test_serve_refuses_a_database_that_is_not_there(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from counterpoint.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2
    assert "no database at" in result.output
    assert not (tmp_path / "missing.db").exists()
