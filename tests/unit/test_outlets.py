from counterpoint.compare.outlets import independent_outlets, outlet_of
from counterpoint.model import Article, DuplicateGroup


def _article(article_id: str, **fields: object) -> Article:
    return Article(id=article_id, source=f"/in/{article_id}.html", text="", **fields)  # type: ignore[arg-type]


def test_outlet_is_the_stated_name_else_the_host_else_the_file():
    assert outlet_of(_article("a", outlet=" Reuters ")) == "Reuters"
    assert outlet_of(_article("b", url="https://www.example.org/x")) == "example.org"
    assert outlet_of(_article("c")) == "c"


def test_a_copy_counts_toward_its_original_publisher():
    wire = _article("w", outlet="AP")
    copy = _article("c", outlet="Local Herald")
    named = _article("n", outlet="Daily", original_publisher="Reuters")
    own = _article("o", outlet="Tribune")
    groups = [DuplicateGroup(id="g", canonical_id="w", article_ids=["w", "c"], kind="syndicated")]
    assert independent_outlets([wire, copy, named, own], groups) == {
        "w": "AP",
        "c": "AP",
        "n": "Reuters",
        "o": "Tribune",
    }
