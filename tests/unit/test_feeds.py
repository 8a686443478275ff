"""RSS and Atom feeds: an item's description or summary is its article, the byline is read,
and hostile XML (entity bombs, external entities) is refused without expanding or reading."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from counterpoint.extract import extract_batch
from counterpoint.ingest import read_paths
from counterpoint.model import Article, Problem, RawDocument

RSS_DESCRIPTIONS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Harbour Gazette</title><language>en-GB</language>
<item><title>Budget up</title><link>https://gazette.test/budget</link>
<dc:creator>Jane Doe</dc:creator>
<description>&lt;p&gt;Budget up 4.5%.&lt;/p&gt;
&lt;p&gt;Schools get 12 new teachers.&lt;/p&gt;</description>
</item>
<item><title>Mayor quits</title><link>https://gazette.test/mayor</link>
<author>desk@gazette.test (Tom Reyes)</author>
<description>Mayor quits after 12 years.</description></item>
</channel></rss>"""

ATOM_SUMMARY = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Agence</title>
<entry><title>Le port rouvre</title><id>tag:agence.test,2024:7</id>
<updated>2024-11-21T08:30:00Z</updated>
<author><name>Marie Curie</name></author><author><name>Paul Langevin</name></author>
<summary>Le port a rouvert mardi après 3 jours de grève.</summary></entry>
</feed>"""

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + ']>\n<rss version="2.0"><channel><title>Bomb</title>'
    "<item><title>t</title><description>&lol9;</description></item></channel></rss>"
)


def xxe_feed(target: Path) -> str:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{target}">]>\n'
        '<rss version="2.0"><channel><title>XXE</title>'
        "<item><title>t</title><description>Leak: &xxe;</description></item></channel></rss>"
    )


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def articles(path: Path) -> list[Article]:
    raws = [item for item in read_paths([path]) if isinstance(item, RawDocument)]
    extracted = extract_batch(raws)
    assert all(isinstance(item, Article) for item in extracted), extracted
    return [item for item in extracted if isinstance(item, Article)]


def test_rss_items_with_only_a_description_are_articles(tmp_path: Path) -> None:
    budget, mayor = articles(write(tmp_path / "gazette.rss", RSS_DESCRIPTIONS))
    assert budget.text == "Budget up\n\nBudget up 4.5%.\n\nSchools get 12 new teachers."
    assert (budget.byline, budget.language, budget.outlet) == ("Jane Doe", "en", "Harbour Gazette")
    assert mayor.text == "Mayor quits\n\nMayor quits after 12 years."
    assert mayor.byline == "Tom Reyes"


def test_atom_entry_with_only_a_summary_is_an_article(tmp_path: Path) -> None:
    (entry,) = articles(write(tmp_path / "agence.atom", ATOM_SUMMARY))
    assert entry.text == "Le port rouvre\n\nLe port a rouvert mardi après 3 jours de grève."
    assert (entry.byline, entry.language) == ("Marie Curie, Paul Langevin", "fr")


def test_billion_laughs_feed_is_refused_without_expansion(tmp_path: Path) -> None:
    started = time.monotonic()
    items = list(read_paths([write(tmp_path / "bomb.rss", LAUGHS)]))
    assert time.monotonic() - started < 5
    assert len(items) == 1 and isinstance(items[0], Problem)
    assert items[0].message.startswith("unsafe XML refused: it declares the entity 'lol'")


@pytest.mark.parametrize("name", ["leak.rss", "leak.atom"])
def test_external_entity_feed_is_refused_without_reading_the_file(
    tmp_path: Path, name: str
) -> None:
    secret = write(tmp_path / "secret.txt", "root:x:0:0:SECRET-MARKER")
    items = list(read_paths([write(tmp_path / name, xxe_feed(secret))]))
    assert len(items) == 1 and isinstance(items[0], Problem)
    assert "unsafe XML refused" in items[0].message
    assert "SECRET-MARKER" not in repr(items)


def test_entities_in_a_feed_the_strict_parser_cannot_read_are_refused(tmp_path: Path) -> None:
    broken = LAUGHS.replace("</channel>", "<unclosed></channel>")
    items = list(read_paths([write(tmp_path / "broken.rss", broken)]))
    assert [type(i) for i in items] == [Problem]
    assert "unsafe XML refused" in items[0].message  # type: ignore[union-attr]


def test_a_public_doctype_and_character_references_are_fine(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        '<rss version="0.91"><channel><title>Old</title><item><title>Prize</title>'
        "<description>Caf&#233; owner &amp; chef wins 5,000 euros.</description></item>"
        "</channel></rss>"
    )
    (item,) = articles(write(tmp_path / "old.rss", feed))
    assert item.text == "Prize\n\nCafé owner & chef wins 5,000 euros."
