"""Hostile files, made here: 60 MB single-line inputs stay bounded, and the whole pipeline
stores the good article beside every hostile file."""

from __future__ import annotations

import base64
import gzip
import time
from pathlib import Path

from ..unit.test_hostile import (
    DUMP,
    FIRST,
    PAGE,
    WIDE_TEXTS,
    analyse,
    make_gzip_bomb,
    the_article,
    write,
    write_warc,
)


def long_line_text() -> bytes:
    sentence = b"The harbour reopened on Tuesday after a week of storms, officials said. "
    return sentence * (60_000_000 // len(sentence) + 1)


def test_60_mb_single_line_of_text_is_a_bounded_article(tmp_path: Path) -> None:
    path = write(tmp_path / "line.txt", long_line_text())
    started = time.perf_counter()
    article = the_article(analyse([path]))
    assert time.perf_counter() - started < 60
    assert article.text.startswith("The harbour reopened on Tuesday")


def test_60_mb_single_line_of_html_is_cut_to_the_markup_limit(tmp_path: Path) -> None:
    paragraph = f"<p>{FIRST}</p>"
    page = "<html><body>" + paragraph * (60_000_000 // len(paragraph)) + "</body></html>"
    started = time.perf_counter()
    article = the_article(analyse([write(tmp_path / "line.html", page)]))
    assert time.perf_counter() - started < 60
    assert article.text.startswith(FIRST)
    assert len(article.text) < 2_000_000


# --- all of them in one run -----------------------------------------------------------------


def test_the_pipeline_stores_the_good_article_beside_every_hostile_file(
    tmp_path: Path,
) -> None:
    from counterpoint.run.pipeline import analyze

    folder = tmp_path / "in"
    good = write(folder / "good.html", PAGE)
    deep = 100_000
    blob = base64.b64encode(bytes(range(256)) * (45_000_000 // 256)).decode()
    hostile = [
        write(folder / "empty.txt", b""),
        write(folder / "binary.html", bytes((i * 7919 + 13) % 256 for i in range(20_000))),
        write(folder / "truncated.html.gz", gzip.compress(PAGE.encode())[:150]),
        write(folder / "invalid.txt", DUMP.encode().replace(b"Ships", b"\xffShips")),
        write(folder / "wide.txt", WIDE_TEXTS[1].encode("utf-16-le")),
        write(folder / "line.txt", blob),
        write(folder / "line.html", f'{PAGE[:-14]}<img src="data:image/png;base64,{blob}">'),
        write(folder / "deep.html", "<div>" * deep + f"<p>{FIRST}</p>" + "</div>" * deep),
        write(folder / "bomb.txt.gz", make_gzip_bomb()),
        write(folder / "bomb.html.gz", make_gzip_bomb()),
        write(folder / "bomb.warc.gz", make_gzip_bomb()),
        write(folder / "\x1b[31m red [" / "x] name.txt", DUMP.replace("Tuesday", "Monday")),
    ]
    truncated = folder / "truncated.warc.gz"
    write_warc(truncated)
    truncated.write_bytes(truncated.read_bytes()[:-200])
    hostile.append(truncated)
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "outside.txt").symlink_to(tmp_path / "elsewhere.txt")
    write(tmp_path / "elsewhere.txt", DUMP)
    hostile += [folder / "loop.txt", folder / "outside.txt"]

    corpus = analyze([folder], db=str(tmp_path / "hostile.db"))

    articles = {article.source for article in corpus.articles}
    problems = {problem.source: problem for problem in corpus.problems}
    assert str(good) in articles
    assert good.read_text() and any(
        a.title == "Harbour reopens after storms" for a in corpus.articles
    )
    for path in hostile:
        assert str(path) in articles | set(problems), path
    assert problems[str(folder / "bomb.warc.gz")].kind == "input"
    assert "decompresses to over" in problems[str(folder / "bomb.txt.gz")].message
    assert problems[str(folder / "loop.txt")].message == "symbolic link loop"
    assert "outside" in problems[str(folder / "outside.txt")].message
    assert str(folder / "deep.html") in articles
