"""What ``watch`` remembers in the store: seen items and feed validators, across reopening."""

from __future__ import annotations

from counterpoint.store import Store


def test_seen_items_survive_reopening_and_keep_kinds_apart(db_url: str) -> None:
    store = Store(db_url)
    store.mark_seen("item", "https://news.example/rss", {"guid-1": "", "guid-2": ""})
    store.mark_seen("file", "/drop", {"/drop/a.html": "120:1700000000"})
    store.close()
    store = Store(db_url)
    assert store.seen("item", ["guid-1", "guid-3"]) == {"guid-1": ""}
    assert store.seen("file", ["guid-1", "/drop/a.html"]) == {"/drop/a.html": "120:1700000000"}
    store.mark_seen("file", "/drop", {"/drop/a.html": "150:1700000090"})
    assert store.seen("file", ["/drop/a.html"]) == {"/drop/a.html": "150:1700000090"}
    store.close()


def test_feed_validators_are_replaced_not_added(db_url: str) -> None:
    store = Store(db_url)
    url = "https://news.example/rss"
    assert store.feed_validators(url) == (None, None)
    store.save_feed_validators(url, '"v1"', None)
    store.save_feed_validators(url, '"v2"', "Tue, 04 Mar 2025 22:10:00 GMT")
    assert store.feed_validators(url) == ('"v2"', "Tue, 04 Mar 2025 22:10:00 GMT")
    store.close()
