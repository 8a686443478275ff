"""Annotate components declare what they require and assign; the pipeline orders and checks
them when it is built."""

from __future__ import annotations

import pytest

from counterpoint.annotate import COMPONENTS, Component, Pipeline


def test_the_default_order_follows_the_declarations() -> None:
    names = Pipeline().names
    assert names == ["sentences", "entities", "quotes", "times", "quantities", "frames"]
    for position, name in enumerate(names):
        earlier = {COMPONENTS[n].assigns for n in names[:position]}
        assert set(COMPONENTS[name].requires) - earlier <= {
            "text",
            "title",
            "paragraphs",
            "published",
            "language",
        }


def test_a_missing_requirement_is_an_error_when_the_pipeline_is_built() -> None:
    with pytest.raises(ValueError, match="'quantities' requires 'quotes'"):
        Pipeline(["sentences", "times", "quantities"])


def test_an_unknown_component_names_the_choices() -> None:
    with pytest.raises(ValueError, match=r"unknown annotate component 'speakers'.*quotes"):
        Pipeline(["sentences", "speakers"])


def test_components_that_require_each_other_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def make(_tagger: object) -> object:
        return lambda article, doc: []

    monkeypatch.setitem(COMPONENTS, "hens", Component("hens", "x", ("y",), make))  # type: ignore[arg-type]
    monkeypatch.setitem(COMPONENTS, "eggs", Component("eggs", "y", ("x",), make))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="hens, eggs require each other in a cycle"):
        Pipeline(["hens", "eggs"])
