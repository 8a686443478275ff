"""Ingest: every input format to RawDocument, streamed, idempotent, bad input as Problems."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from counterpoint.ingest import read_paths
from counterpoint.ingest.decode import decode_bytes
from counterpoint.ingest.feeds import read_feed
from counterpoint.ingest.records import read_jsonl
from counterpoint.model import Problem, RawDocument

PAGE = (
    "<!DOCTYPE html><html><head><title>Harbour reopens</title></head><body>"
    "<h1>Harbour reopens</h1><p>The harbour reopened on Tuesday, officials said.</p>"
    "</body></html>"
)
DUMP = "Harbour reopens\n\nThe harbour reopened on Tuesday, officials said.\n"
# Invented Western text that needs more than ASCII.
WESTERN = "Le café rouvrira — « très bientôt », dit la maire. Über 30 % der Bürger…"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"


def documents(items: list[RawDocument | Problem]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def problems(items: list[RawDocument | Problem]) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def only(items: list[RawDocument | Problem]) -> RawDocument:
    assert problems(items) == []
    (document,) = documents(items)
    return document


# --- folders, globs, identity -------------------------------------------------------------


def make_folder(root: Path) -> Path:
    write(root / "b_page.html", PAGE)
    write(root / "a_dump.txt", DUMP)
    write(root / "nested" / "c_story.HTM", PAGE.replace("Tuesday", "Wednesday"))
    write(root / ".hidden.txt", DUMP)
    write(root / ".cache" / "skipped.html", PAGE)
    write(
        root / "records.jsonl",
        json.dumps({"text": "First."}) + "\n" + json.dumps({"html": "<p>Second.</p>"}) + "\n",
    )
    return root


def test_folder_is_walked_recursively_in_name_order_skipping_hidden(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "in")
    items = list(read_paths([root]))
    assert problems(items) == []
    found = [(Path(d.source).relative_to(root).as_posix(), d.record_key) for d in documents(items)]
    assert found == [
        ("a_dump.txt", ""),
        ("b_page.html", ""),
        ("nested/c_story.HTM", ""),
        ("records.jsonl", "line:1"),
        ("records.jsonl", "line:2"),
    ]
    media = [d.media_type for d in documents(items)]
    assert media == ["text/plain", "text/html", "text/html", "text/plain", "text/html"]


def test_same_folder_twice_and_a_copy_elsewhere_give_the_same_ids(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "in")
    first = [d.id for d in documents(list(read_paths([root])))]
    second = [d.id for d in documents(list(read_paths([str(root)])))]
    copy = shutil.copytree(root, tmp_path / "elsewhere" / "copy")
    copied = [d.id for d in documents(list(read_paths([copy])))]
    assert first == second == copied
    assert len(set(first)) == len(first)


def test_content_hash_is_sha256_of_the_bytes_and_gzip_keeps_it(tmp_path: Path) -> None:
    plain = write(tmp_path / "page.html", PAGE)
    zipped = write(tmp_path / "zipped" / "page.html.gz", gzip.compress(PAGE.encode()))
    document = only(list(read_paths([plain])))
    from_gzip = only(list(read_paths([zipped])))
    assert document.content_hash == hashlib.sha256(PAGE.encode()).hexdigest()
    assert from_gzip.id == document.id
    assert from_gzip.media_type == "text/html"


def test_a_path_named_twice_is_read_once(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", PAGE)
    assert len(list(read_paths([tmp_path, page, tmp_path / "*.html"]))) == 1


def test_glob_patterns(tmp_path: Path) -> None:
    write(tmp_path / "one.txt", DUMP)
    write(tmp_path / "deep" / "two.txt", DUMP + "More.\n")
    write(tmp_path / "deep" / "three.html", PAGE)
    items = list(read_paths([str(tmp_path / "**" / "*.txt")]))
    assert [Path(d.source).name for d in documents(items)] == ["two.txt", "one.txt"]
    missing = list(read_paths([str(tmp_path / "*.warc")]))
    assert [p.message for p in problems(missing)] == ["no files match this pattern"]


# --- bad input ----------------------------------------------------------------------------


def test_bad_files_become_problems_and_the_rest_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "a_empty.html", b"")
    write(tmp_path / "b_blank.txt", b"  \n\n ")
    write(tmp_path / "c_image.html", PNG_HEADER + bytes(range(256)) * 4)
    write(tmp_path / "d_notes.docx", b"PK\x03\x04" + bytes(200))
    write(tmp_path / "e_good.txt", DUMP)
    items = list(read_paths([tmp_path, tmp_path / "d_notes.docx", tmp_path / "nowhere.html"]))
    messages = {Path(p.source).name: p.message for p in problems(items)}
    assert messages == {
        "a_empty.html": "empty file",
        "b_blank.txt": "empty file",
        "c_image.html": "binary content, not text",
        "d_notes.docx": "unsupported format (.docx): binary content, not text",
        "nowhere.html": "no such file or directory",
    }
    assert all(p.stage == "ingest" for p in problems(items))
    assert [Path(d.source).name for d in documents(items)] == ["e_good.txt"]


def test_a_folder_walk_skips_files_that_name_no_input_format(tmp_path: Path) -> None:
    write(tmp_path / "README.md", "About this folder.\n")
    write(tmp_path / "photo.png", PNG_HEADER + bytes(64))
    write(tmp_path / "saved_page", PAGE)
    write(tmp_path / "story.txt", DUMP)
    items = list(read_paths([tmp_path]))
    assert problems(items) == []
    assert [Path(d.source).name for d in documents(items)] == ["story.txt"]


def test_file_over_the_size_cap_is_a_problem(tmp_path: Path) -> None:
    write(tmp_path / "big.html", PAGE + "<p>filler</p>" * 200)
    write(tmp_path / "big.txt.gz", gzip.compress(b"words " * 1000))
    items = list(read_paths([tmp_path], max_document_bytes=2000))
    assert documents(items) == []
    messages = {Path(p.source).name: p.message for p in problems(items)}
    assert messages == {
        "big.html": "larger than the 0.002 MB limit for one document (0.00276 MB)",
        "big.txt.gz": "decompresses to over 0.002 MB, the limit for one document",
    }


def test_a_named_file_with_an_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    write(tmp_path / "a_saved_page", PAGE)
    write(tmp_path / "b_notes.md", "Plain prose about the harbour.\n")
    write(tmp_path / "c_sitemap.xml", '<?xml version="1.0"?><urlset><url/></urlset>')
    write(tmp_path / "d_page.xml", '<?xml version="1.0"?>\n<html><body><p>Hi.</p></body></html>')
    write(tmp_path / "e_array.json", '[{"text": "x"}]')
    items = list(read_paths(sorted(tmp_path.iterdir())))
    found = {Path(d.source).name: d.media_type for d in documents(items)}
    assert found == {
        "a_saved_page": "text/html",
        "b_notes.md": "text/plain",
        "d_page.xml": "text/html",
    }
    messages = {Path(p.source).name: p.message for p in problems(items)}
    assert messages == {
        "c_sitemap.xml": "unsupported format (.xml): XML that is not an RSS or Atom feed",
        "e_array.json": "unsupported format (.json): "
        "JSON that is not one object per line (JSON Lines)",
    }


def test_corrupt_gzip_is_a_problem(tmp_path: Path) -> None:
    write(tmp_path / "broken.html.gz", gzip.compress(PAGE.encode())[:30])
    (item,) = list(read_paths([tmp_path]))
    assert isinstance(item, Problem)
    assert "damaged gzip data" in item.message


# --- encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + WESTERN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + WESTERN.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + WESTERN.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + WESTERN.encode("utf-32-le"), "utf-32-le"),
        (codecs.BOM_UTF32_BE + WESTERN.encode("utf-32-be"), "utf-32-be"),
        (WESTERN.encode("utf-16-le"), "utf-16-le"),
        (WESTERN.encode("utf-8"), "utf-8"),
        (WESTERN.encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, data: bytes, encoding: str) -> None:
    document = only(list(read_paths([write(tmp_path / "dump.txt", data)])))
    assert document.content == WESTERN
    assert document.encoding == encoding


def test_declared_charset_is_used_when_utf8_fails(tmp_path: Path) -> None:
    russian = "Министр заявил, что порт откроется во вторник."
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{russian}</p></body></html>'
    document = only(list(read_paths([write(tmp_path / "page.html", page.encode("cp1251"))])))
    assert russian in document.content
    assert document.encoding == "cp1251"


def test_guess_without_declaration_for_non_western_text() -> None:
    greek = "Ο πρωθυπουργός δήλωσε σήμερα ότι το λιμάνι θα ανοίξει ξανά την Τρίτη."
    assert decode_bytes(greek.encode("cp1253")) == (greek, "cp1253")


def test_crlf_becomes_lf_and_nothing_else_changes(tmp_path: Path) -> None:
    decomposed = "Cafe\u0301 at noon,\u00a0said\r\nthe mayor.\r\n"
    document = only(list(read_paths([write(tmp_path / "dump.txt", decomposed)])))
    assert document.content == "Cafe\u0301 at noon,\u00a0said\nthe mayor.\n"


# --- JSON Lines ---------------------------------------------------------------------------


def test_jsonl_bad_line_in_the_middle_is_one_problem(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a-1", "text": "First story.", "title": "One", "outlet": "Daily"}),
        json.dumps({"headline": "Two", "content": "Second story.", "link": "https://x.test/2"}),
        '{"text": "broken", ',
        json.dumps({"title": "no body"}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"body": "<p>Fifth <b>story</b>.</p>", "pubDate": "2024-11-20", "source": "W"}),
        json.dumps({"html": "<p>Sixth.</p>", "publisher": {"name": "Wire"}, "date": 1732060800}),
    ]
    path = write(tmp_path / "feed.jsonl", "\r\n".join(lines) + "\r\n")
    items = list(read_paths([path]))
    assert [(p.record_key, p.message) for p in problems(items)] == [
        ("line:3", "invalid JSON (Expecting property name enclosed in double quotes at column 20)"),
        ("line:4", "no text or html field"),
        ("line:5", "not a JSON object but list"),
    ]
    assert str(problems(items)[0]).startswith(f"{path}#line:3: ingest: invalid JSON")
    docs = documents(items)
    assert [d.record_key for d in docs] == ["a-1", "line:2", "line:7", "line:8"]
    assert [d.media_type for d in docs] == ["text/plain", "text/plain", "text/html", "text/html"]
    assert docs[0].given == {"id": "a-1", "title": "One", "outlet": "Daily"}
    assert docs[1].given == {"title": "Two", "url": "https://x.test/2"}
    assert docs[2].given == {"published": "2024-11-20", "outlet": "W"}
    assert docs[3].given == {"published": "1732060800", "outlet": "Wire"}
    assert docs[0].content_hash == hashlib.sha256(lines[0].encode()).hexdigest()


def test_jsonl_is_streamed_record_by_record() -> None:
    record = json.dumps({"text": "A story. " * 100}).encode() + b"\n"

    class CountingStream(io.BytesIO):
        read_so_far = 0

        def readline(self, size: int | None = -1) -> bytes:
            line = super().readline(size)
            self.read_so_far += len(line)
            return line

    stream = CountingStream(record * 2_000)
    reader = read_jsonl(stream, "big.jsonl", max_record_bytes=10_000)
    first = next(reader)
    assert isinstance(first, RawDocument)
    assert stream.read_so_far <= 2 * len(record)
    assert sum(1 for _ in reader) == 1_999


def test_jsonl_line_over_the_cap_is_skipped_and_the_rest_goes_on(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "Short."}), json.dumps({"text": "x" * 5000}), '{"text": "Ok."}']
    items = list(
        read_paths([write(tmp_path / "r.jsonl", "\n".join(lines))], max_document_bytes=1000)
    )
    assert [(p.record_key, p.message) for p in problems(items)] == [
        ("line:2", "record larger than the 0.001 MB limit for one record")
    ]
    assert [d.content for d in documents(items)] == ["Short.", "Ok."]


def test_gzipped_jsonl_and_cp1252_line(tmp_path: Path) -> None:
    data = b'{"text": "' + WESTERN.encode("cp1252") + b'"}\n{"text": "Plain."}\n'
    items = list(read_paths([write(tmp_path / "r.ndjson.gz", gzip.compress(data))]))
    docs = documents(items)
    assert [(d.content, d.encoding) for d in docs] == [(WESTERN, "cp1252"), ("Plain.", "utf-8")]


# --- CSV / TSV ----------------------------------------------------------------------------


def test_csv_rows_with_synonyms_and_multiline_fields(tmp_path: Path) -> None:
    csv_text = (
        "ID;Headline;Body;Link;Date\r\n"
        'x1;Port deal;"First paragraph.\r\n\r\nSecond; with a semicolon.";https://a.test/1;2024-11-20\r\n'
        ";;;;\r\n"
        ';No body;"";https://a.test/2;\r\n'
        ";Third;Just text.;;\r\n"
    )
    items = list(read_paths([write(tmp_path / "export.csv", csv_text)]))
    assert [(p.record_key, p.message) for p in problems(items)] == [
        ("row:2", "the body field is empty")
    ]
    first, third = documents(items)
    assert first.record_key == "x1"
    assert first.content == "First paragraph.\n\nSecond; with a semicolon."
    assert first.given == {
        "id": "x1",
        "title": "Port deal",
        "url": "https://a.test/1",
        "published": "2024-11-20",
    }
    assert third.record_key == "row:3"


def test_excel_style_utf16_tsv(tmp_path: Path) -> None:
    tsv = f"title\ttext\r\nCafé\t{WESTERN}\r\n"
    data = codecs.BOM_UTF16_LE + tsv.encode("utf-16-le")
    document = only(list(read_paths([write(tmp_path / "sheet.TSV", data)])))
    assert (document.content, document.given, document.encoding) == (
        WESTERN,
        {"title": "Café"},
        "utf-16-le",
    )


def test_csv_without_text_column_is_one_problem(tmp_path: Path) -> None:
    items = list(read_paths([write(tmp_path / "x.csv", "title,url\nA,b\nC,d\n")]))
    assert [p.message for p in problems(items)] == [
        "no text or html column in the header (title, url)"
    ]


def test_csv_field_larger_than_the_csv_module_default(tmp_path: Path) -> None:
    long_html = "<p>" + "word " * 40_000 + "</p>"
    document = only(list(read_paths([write(tmp_path / "x.csv", f"html\n{long_html}\n")])))
    assert document.content == long_html


# --- WARC ---------------------------------------------------------------------------------


def write_warc(path: Path, compress: bool) -> list[str]:
    """A small crawl; returns the record ids of the records that are documents."""
    ids = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))

        def response(uri: str, status: str, content_type: str, body: bytes) -> str:
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)
            return str(record.rec_headers.get_header("WARC-Record-ID"))

        request = writer.create_warc_record(
            "https://news.test/a",
            "request",
            payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders("GET /a HTTP/1.1", [], is_http_request=True),
        )
        writer.write_record(request)
        ids.append(
            response("https://news.test/a", "200 OK", "text/html; charset=utf-8", PAGE.encode())
        )
        response("https://news.test/logo.png", "200 OK", "image/png", PNG_HEADER)
        response("https://news.test/gone", "404 Not Found", "text/html", b"<p>Not found</p>")
        western = f"<html><body><p>{WESTERN}</p></body></html>".encode("cp1252")
        ids.append(
            response("https://news.test/b", "200 OK", "text/html; charset=ISO-8859-1", western)
        )
        resource = writer.create_warc_record(
            "file:///notes.txt",
            "resource",
            payload=io.BytesIO(DUMP.encode()),
            warc_content_type="text/plain",
        )
        writer.write_record(resource)
        ids.append(str(resource.rec_headers.get_header("WARC-Record-ID")))
    return ids


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_response_and_resource_records(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    ids = write_warc(path, compress=name.endswith(".gz"))
    docs = documents(list(read_paths([path])))
    assert [d.record_key for d in docs] == ids
    assert [d.given for d in docs] == [
        {"url": "https://news.test/a"},
        {"url": "https://news.test/b"},
        {"url": "file:///notes.txt"},
    ]
    assert [d.media_type for d in docs] == ["text/html", "text/html", "text/plain"]
    assert WESTERN in docs[1].content
    assert docs[1].encoding == "cp1252"
    assert docs[0].content_hash == hashlib.sha256(PAGE.encode()).hexdigest()


def test_damaged_warc_keeps_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, compress=False)
    path.write_bytes(path.read_bytes() + b"garbage bytes here\r\n\r\nmore")
    items = list(read_paths([path]))
    assert len(documents(items)) == 3
    (damaged,) = problems(items)
    assert damaged.message.startswith("damaged WARC archive (Invalid WARC record")


# --- feeds --------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Gazette</title><link>https://gazette.test/</link>
<item><title>Port reopens</title><link>https://gazette.test/port</link>
<guid>https://gazette.test/?p=1</guid><pubDate>Wed, 20 Nov 2024 10:00:00 +0200</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>The port reopened on Tuesday.</p>
<p>Ships queued.</p>]]></content:encoded>
</item>
<item><title>Teaser only</title><link>https://gazette.test/teaser</link>
<description>Only a plain description of the story.</description></item>
<item><title>Nothing</title><link>https://gazette.test/empty</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire Service</title>
<entry><title>Vote passes</title><id>tag:wire.test,2024:1</id>
<link href="https://wire.test/vote"/><updated>2024-11-21T08:30:00Z</updated>
<content type="html">&lt;p&gt;The vote passed 52 to 48.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_items(tmp_path: Path) -> None:
    items = list(read_paths([write(tmp_path / "gazette.rss", RSS)]))
    assert [(p.record_key, p.message) for p in problems(items)] == [
        (
            "item:3",
            "feed item has no content or description; its page https://gazette.test/empty is "
            "fetched by `counterpoint watch`",
        )
    ]
    full, teaser = documents(items)
    assert full.given == {
        "id": "https://gazette.test/?p=1",
        "url": "https://gazette.test/port",
        "title": "Port reopens",
        "published": "2024-11-20T08:00:00+00:00",
        "outlet": "Harbour Gazette",
    }
    assert full.record_key == "https://gazette.test/?p=1"
    assert full.media_type == "text/html"
    assert "Ships queued." in full.content
    assert (teaser.record_key, teaser.media_type) == ("item:2", "text/plain")
    assert teaser.content == "Only a plain description of the story."


def test_a_bare_linked_item_is_kept_empty_for_a_caller_that_fetches_pages() -> None:
    items = list(read_feed(RSS.encode(), "gazette.rss", linked_pages=True))
    bare = documents(items)[-1]
    assert not problems(items)
    assert (bare.record_key, bare.content, bare.given["url"]) == (
        "item:3",
        "",
        "https://gazette.test/empty",
    )


def test_atom_entries_and_xml_extension_sniffing(tmp_path: Path) -> None:
    items = list(read_paths([write(tmp_path / "wire.xml", ATOM)]))
    entry = only(items)
    assert entry.given == {
        "id": "tag:wire.test,2024:1",
        "url": "https://wire.test/vote",
        "title": "Vote passes",
        "published": "2024-11-21T08:30:00+00:00",
        "outlet": "Wire Service",
    }
    assert entry.media_type == "text/html"
    assert "The vote passed 52 to 48." in entry.content


def test_gzipped_feed(tmp_path: Path) -> None:
    items = list(read_paths([write(tmp_path / "wire.atom.gz", gzip.compress(ATOM.encode()))]))
    assert only(items).given["title"] == "Vote passes"


def test_csv_unclosed_quote_stops_with_a_problem(tmp_path: Path) -> None:
    runaway = '"' + "line of a field that never closes\n" * 5000
    path = write(tmp_path / "x.csv", f"text\nFirst.\n{runaway}")
    items = list(read_paths([path], max_document_bytes=100_000))
    assert [d.content for d in documents(items)] == ["First."]
    (stopped,) = problems(items)
    assert stopped.record_key == "row:2"
    assert stopped.message.startswith("malformed CSV (field larger than field limit")
