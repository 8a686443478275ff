"""Hostile files, made here: each ends as a named problem or a bounded article, and the batch
goes on. Read with read_paths + extract."""

from __future__ import annotations

import gzip
import io
import os
import struct
import time
import tracemalloc
import zlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from counterpoint.extract import extract_batch
from counterpoint.ingest import DEFAULT_MAX_DOCUMENT_BYTES, read_paths
from counterpoint.model import Article, Problem, RawDocument

FIRST = "The harbour reopened on Tuesday after a week of storms, officials said in a statement."
SECOND = "Ships had queued outside the port for days, and captains said the delay cost them."
PAGE = (
    "<!DOCTYPE html><html><head><title>Harbour reopens after storms</title></head><body>"
    f"<article><h1>Harbour reopens after storms</h1><p>{FIRST}</p><p>{SECOND}</p></article>"
    "</body></html>"
)
DUMP = f"Harbour reopens after storms\n\n{FIRST}\n\n{SECOND}\n"
MIB = 1 << 20
BOMB_MIB = 1024


@cache
def make_gzip_bomb() -> bytes:
    """A gzip of 1 GiB of zeros, about 1 MB: one MiB compressed and flushed so that every
    later MiB compresses to the same bytes, which are repeated."""
    zeros = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(BOMB_MIB):
        crc = zlib.crc32(zeros, crc)
    final_empty_block = b"\x03\x00"
    trailer = struct.pack("<II", crc, (BOMB_MIB * MIB) & 0xFFFFFFFF)
    return first + repeated * (BOMB_MIB - 1) + final_empty_block + trailer


@pytest.fixture
def gzip_bomb() -> bytes:
    return make_gzip_bomb()


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def analyse(paths: Iterable[str | Path], **options: int) -> list[Article | Problem]:
    """read_paths + extract, as the pipeline runs them."""
    items = list(read_paths(paths, **options))
    raws = [item for item in items if isinstance(item, RawDocument)]
    return [item for item in items if isinstance(item, Problem)] + extract_batch(raws)


def the_problem(items: list[Article | Problem]) -> Problem:
    (item,) = items
    assert isinstance(item, Problem), item
    assert item.message and item.stage and item.source
    return item


def the_article(items: list[Article | Problem]) -> Article:
    (item,) = items
    assert isinstance(item, Article), item
    return item


def write_warc(path: Path, records: int = 3, compress: bool = True) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=compress)
        for number in range(records):
            page = PAGE.replace("Tuesday", f"day {number}").encode()
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    f"https://news.test/{number}",
                    "response",
                    payload=io.BytesIO(page),
                    http_headers=headers,
                )
            )


# --- damaged and odd bytes ------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    problem = the_problem(analyse([write(tmp_path / "empty.txt", b"")]))
    assert (problem.message, problem.stage, problem.kind) == ("empty file", "ingest", "input")


def test_binary_data_named_html(tmp_path: Path) -> None:
    noise = bytes((index * 7919 + 13) % 256 for index in range(20_000))
    problem = the_problem(analyse([write(tmp_path / "page.html", noise)]))
    assert problem.message == "binary content, not text"


def test_truncated_gzip(tmp_path: Path) -> None:
    data = gzip.compress(PAGE.encode() * 20)
    problem = the_problem(analyse([write(tmp_path / "page.html.gz", data[: len(data) // 2])]))
    assert problem.message.startswith("damaged gzip data")


@pytest.mark.parametrize(
    ("cut", "message"),
    [
        (20, "record cut short: the archive ends "),
        (250, "damaged WARC archive (it ends inside a gzip member: a record may be lost)"),
    ],
)
def test_truncated_warc_keeps_the_records_before_the_damage(
    tmp_path: Path, cut: int, message: str
) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    path.write_bytes(path.read_bytes()[:-cut])
    items = analyse([path])
    problems = [item for item in items if isinstance(item, Problem)]
    articles = [item for item in items if isinstance(item, Article)]
    assert len(articles) == 2
    (damaged,) = problems
    assert damaged.message.startswith(message) and damaged.kind == "input"


def test_invalid_utf8_keeps_the_valid_text(tmp_path: Path) -> None:
    text = (
        "Le café du port rouvrira mardi, a annoncé la maire. "
        "Les prix ont grimpé de 30 % en une semaine à Marseille, selon les élus.\n\n"
        "Ships queued for days, officials said.\n"
    ).encode()
    damaged = text.replace(b"mardi", b"mar\xffdi").replace(b"Ships", b"\xe9Ships")
    article = the_article(analyse([write(tmp_path / "story.txt", damaged)]))
    assert "Le café du port rouvrira mar\ufffddi" in article.text
    assert "à Marseille, selon les élus." in article.text


# Long enough to hold the digits, punctuation and newlines real articles have.
WIDE_TEXTS = [
    f"{FIRST}\n\n{SECOND}\n",
    "Порт вновь открылся во вторник, 12 марта, после недели штормов. Суда стояли в очереди "
    "несколько дней, сообщили официальные лица.\n\nКапитаны говорят о потерях.\n",
    "港口在3月12日星期二重新开放，官员在声明中表示。船只在港外排队数日。\n\n"
    "船长们说，延误让他们损失了2000万元。港务局称，货运将在本周恢复正常。\n",
]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", WIDE_TEXTS, ids=["en", "ru", "zh"])
def test_utf16_without_byte_order_mark(tmp_path: Path, text: str, encoding: str) -> None:
    (document,) = read_paths([write(tmp_path / "story.txt", text.encode(encoding))])
    assert isinstance(document, RawDocument)
    assert (document.content, document.encoding) == (text, encoding)


def test_html_nested_100000_deep_keeps_its_text(tmp_path: Path) -> None:
    depth = 100_000
    page = (
        "<html><head><title>Harbour reopens after storms</title></head><body>"
        + "<div>" * depth
        + f"<p>{FIRST}</p><p>{SECOND}</p>"
        + "</div>" * depth
        + "</body></html>"
    )
    started = time.perf_counter()
    article = the_article(analyse([write(tmp_path / "deep.html", page)]))
    assert time.perf_counter() - started < 20
    assert FIRST in article.text and SECOND in article.text
    assert [article.text[p.start : p.end] for p in article.paragraphs][-2:] == [FIRST, SECOND]


# --- size -----------------------------------------------------------------------------------


def problem_and_peak(path: Path) -> tuple[Problem, int]:
    """The one problem reading ``path`` gives, and the peak traced memory while reading it."""
    tracemalloc.start()
    try:
        problem = the_problem(analyse([path]))
        return problem, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.html.gz"])
def test_gzip_bomb_stops_at_the_document_limit(tmp_path: Path, gzip_bomb: bytes, name: str) -> None:
    path = write(tmp_path / name, gzip_bomb)
    problem, peak = problem_and_peak(path)
    assert problem.message == "decompresses to over 64 MB, the limit for one document"
    assert peak < 2 * DEFAULT_MAX_DOCUMENT_BYTES


def test_gzip_bomb_named_warc_stops_at_the_header_line_limit(
    tmp_path: Path, gzip_bomb: bytes
) -> None:
    path = write(tmp_path / "bomb.warc.gz", gzip_bomb)
    problem, peak = problem_and_peak(path)
    assert problem.message == "damaged WARC archive (a header line longer than 1 MB); stopped here"
    assert peak < 50 * MIB


def test_warc_record_whose_payload_is_a_gzip_bomb(tmp_path: Path, gzip_bomb: bytes) -> None:
    path = tmp_path / "crawl.warc"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            protocol="HTTP/1.1",
        )
        writer.write_record(
            writer.create_warc_record(
                "https://news.test/bomb",
                "response",
                payload=io.BytesIO(gzip_bomb),
                http_headers=headers,
            )
        )
    write_warc(tmp_path / "after.warc", records=1, compress=False)
    path.write_bytes(path.read_bytes() + (tmp_path / "after.warc").read_bytes())
    tracemalloc.start()
    try:
        items = analyse([path], max_document_bytes=8_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    problem, article = items
    assert isinstance(problem, Problem) and isinstance(article, Article)
    assert problem.message == "payload decompresses to over 8 MB, the limit for one document"
    assert problem.record_key.startswith("<urn:uuid:")
    assert peak < 100 * MIB


# --- names and links ------------------------------------------------------------------------

# File names with spaces, terminal escape codes and a newline; a slash makes a folder, so the
# last path reads as rich markup ("[/x]", "[bold]").
HOSTILE_NAMES = [
    "a story.txt",
    "\x1b[31mred\x1b[0m.txt",
    "new\nline.txt",
    "[/x] [bold]markup[/bold].txt",
]


def test_hostile_file_names_are_carried_as_they_are(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for name in HOSTILE_NAMES:
        write(folder / name, DUMP)
    write(folder / ("empty " + HOSTILE_NAMES[1]), b"")
    items = analyse([folder])
    by_source = {item.source: item for item in items}
    assert set(by_source) == {str(folder / name) for name in HOSTILE_NAMES} | {
        str(folder / ("empty " + HOSTILE_NAMES[1]))
    }
    assert all(isinstance(by_source[str(folder / name)], Article) for name in HOSTILE_NAMES)
    problem = by_source[str(folder / ("empty " + HOSTILE_NAMES[1]))]
    assert isinstance(problem, Problem) and str(problem).startswith(str(folder / "empty \x1b[31m"))


def test_path_with_dot_dot_is_kept_as_given(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a story.txt", DUMP)
    given = f"{tmp_path}/in/../in/a story.txt"
    assert the_article(analyse([given])).source == given


def test_file_name_that_is_not_utf8_is_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    try:
        descriptor = os.open(os.fsencode(folder) + b"/caf\xe9.txt", os.O_WRONLY | os.O_CREAT)
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    os.write(descriptor, DUMP.encode())
    os.close(descriptor)
    article = the_article(analyse([folder]))
    assert article.source == f"{folder}/caf\\xe9.txt"
    article.source.encode("utf-8")  # storable and printable


def test_symlink_loop_is_a_problem_and_the_walk_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "story.txt", DUMP)
    (folder / "a.txt").symlink_to("b.txt")
    (folder / "b.txt").symlink_to("a.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")
    items = analyse([folder])
    messages = {Path(item.source).name: item.message for item in items if isinstance(item, Problem)}
    assert messages == {"a.txt": "symbolic link loop", "b.txt": "symbolic link loop"}
    assert [Path(item.source).name for item in items if isinstance(item, Article)] == ["story.txt"]
    assert the_problem(analyse([folder / "a.txt"])).message == "symbolic link loop"


def test_glob_does_not_multiply_through_folder_link_loops(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "one" / "story.txt", DUMP)
    for name in ("x", "y", "z"):
        (folder / "one" / name).symlink_to("..")
    started = time.perf_counter()
    items = analyse([f"{folder}/**/*.txt"])
    assert time.perf_counter() - started < 5
    assert [item.source for item in items] == [str(folder / "one" / "story.txt")]


def test_links_are_followed_only_inside_the_given_folder(tmp_path: Path) -> None:
    secret = write(tmp_path / "private" / "secret.txt", "The secret password is swordfish.\n")
    folder = tmp_path / "in"
    write(folder / "story.txt", DUMP)
    (folder / "inside.txt").symlink_to(folder / "story.txt")
    (folder / "leak.txt").symlink_to(secret)
    (folder / "private").symlink_to(secret.parent)
    links = {"leak.txt": secret, "private": secret.parent}
    if Path("/etc/passwd").is_file():
        (folder / "passwd.txt").symlink_to("/etc/passwd")
        links["passwd.txt"] = Path("/etc/passwd")
    items = analyse([folder])
    assert all(
        "swordfish" not in item.text and "root:" not in item.text
        for item in items
        if isinstance(item, Article)
    )
    problems = {Path(item.source).name: item.message for item in items if isinstance(item, Problem)}
    assert problems == {
        "leak.txt": f"link to {secret}, outside {folder}: not read",
        "private": f"link to a folder outside {folder}",
        **(
            {"passwd.txt": f"link to /etc/passwd, outside {folder}: not read"}
            if "passwd.txt" in links
            else {}
        ),
    }
    # the link inside the folder is the same file as story.txt: read once
    assert [Path(item.source).name for item in items if isinstance(item, Article)] == ["inside.txt"]


def test_a_path_that_does_not_exist(tmp_path: Path) -> None:
    problem = the_problem(analyse([tmp_path / "nowhere.html"]))
    assert (problem.message, problem.kind) == ("no such file or directory", "input")
