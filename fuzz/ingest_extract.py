"""Fuzz ingest + extract with atheris: bytes in, articles or Problems out, never an exception.

The first input byte picks how the rest is stored (a file extension, gzipped or not), the file
is read with :func:`counterpoint.ingest.read.read_file` and every document it yields goes through
:func:`counterpoint.extract.extract`. A Problem is the expected answer to bad input, and so is the
plain ``ValueError`` that ``extract`` documents for a page with no article text; any other
exception, or an article whose paragraph spans or raw offsets do not line up, is a bug.

    make fuzz                                   # FUZZ_SECONDS=300 by default
    .venv/bin/python fuzz/ingest_extract.py fuzz/crashes/crash-<hash>   # replay one input

libFuzzer flags pass through (``-max_total_time``, ``-max_len``, ``-rss_limit_mb``...). The first
directory argument is the working corpus; the script seeds it with a few tiny generated inputs.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
import sys
import tempfile
from pathlib import Path

import atheris

# extract imports its HTML and text extractors lazily: import them here so they are instrumented.
with atheris.instrument_imports(include=["counterpoint"]):
    import counterpoint.extract.html
    import counterpoint.extract.text  # noqa: F401
    from counterpoint.extract import extract, parse_published
    from counterpoint.ingest.read import read_file
    from counterpoint.model import Article, Problem, RawDocument

# (file name suffix, gzip the payload). A ".gz" name with an ungzipped payload is damaged gzip.
LAYOUTS = (
    (".txt", False),
    (".html", False),
    (".htm", False),
    (".xml", False),
    (".rss", False),
    (".atom", False),
    (".jsonl", False),
    (".csv", False),
    (".tsv", False),
    (".warc", False),
    ("", False),
    (".txt.gz", True),
    (".html.gz", True),
    (".jsonl.gz", True),
    (".warc.gz", True),
    (".html.gz", False),
)

SEEDS: dict[str, tuple[int, bytes]] = {
    "text": (0, b"A Title Here\n\nThe council voted 7 to 2 on Monday, officials said.\n"),
    "html": (
        1,
        b"<html><head><title>T</title><meta charset='utf-8'></head><body><article>"
        b"<h1>Rain</h1><p>It rained 12 mm on 3 March 2024, \xe2\x80\x9cmore than ever\xe2\x80\x9d."
        b"</p><ul><li>one</li></ul></article></body></html>",
    ),
    "rss": (
        4,
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>F</title><item><title>A</title>"
        b"<link>http://example.org/a</link><description>&lt;p&gt;Body text&lt;/p&gt;</description>"
        b"<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate></item></channel></rss>",
    ),
    "atom": (
        5,
        b"<feed xmlns='http://www.w3.org/2005/Atom'><title>F</title><entry><title>E</title>"
        b"<summary>Short summary of the story.</summary><author><name>Jo</name></author>"
        b"</entry></feed>",
    ),
    "jsonl": (
        6,
        b'{"title": "One", "text": "First paragraph.\\n\\nSecond one.", "date": "2024-03-04"}\n'
        b'{"text": "<p>markup inside</p>", "lang": "fr"}\n',
    ),
    "csv": (7, b'title,text,author\nHello,"Body, with a comma",Ann\n'),
    "warc": (
        9,
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: 75\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Hi</p></body></html>"
        b"\r\n\r\n",
    ),
    "utf16": (0, "Zwei Absätze.\n\nNoch einer.".encode("utf-16-le")),
    "gzip-text": (11, b"Gzipped dump line one.\nLine two of it.\n"),
    "sniffed": (10, b"<!doctype html><p>no extension</p>"),
}

_WORKDIR = Path(tempfile.mkdtemp(prefix="counterpoint-fuzz-"))


def check_article(article: Article, raw: RawDocument) -> None:
    """Spans inside the text, in order, not overlapping; raw offsets point at the same words."""
    text = article.text
    previous_end = 0
    for paragraph in article.paragraphs:
        assert previous_end <= paragraph.start < paragraph.end <= len(text), paragraph
        previous_end = paragraph.end
        if paragraph.raw_start is not None:
            assert paragraph.raw_end is not None, paragraph
            copied = raw.content[paragraph.raw_start : paragraph.raw_end]
            assert copied == text[paragraph.start : paragraph.end], paragraph


def test_one_input(data: bytes) -> None:
    if not data:
        return
    suffix, compress = LAYOUTS[data[0] % len(LAYOUTS)]
    payload = gzip.compress(data[1:], mtime=0) if compress else data[1:]
    path = _WORKDIR / f"input{suffix}"
    path.write_bytes(payload)
    # warcio writes its warnings straight to stderr; they would drown libFuzzer's status lines.
    with contextlib.redirect_stderr(io.StringIO()):
        extract_all(path)


def extract_all(path: Path) -> None:
    for item in read_file(path):
        if isinstance(item, Problem):
            continue
        try:
            article = extract(item)
        except ValueError as error:
            if type(error) is not ValueError:
                raise  # a subclass (UnicodeError, a parser's error) is not a documented refusal
            continue
        check_article(article, item)


def write_seeds(corpus: Path) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for name, (layout, payload) in SEEDS.items():
        (corpus / f"seed-{name}").write_bytes(bytes([layout]) + payload)


def main() -> None:
    corpora = [Path(arg) for arg in sys.argv[1:] if not arg.startswith("-")]
    if corpora and (corpora[0].is_dir() or not corpora[0].exists()):
        write_seeds(corpora[0])
    logging.disable(logging.WARNING)
    # dateparser loads its language data on first use (about 10 s): pay that before fuzzing,
    # so that the first input needing it is not reported as a slow unit.
    for layout, payload in SEEDS.values():
        test_one_input(bytes([layout]) + payload)
    parse_published("3 mars 2024")
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
