"""Offsets of a cleaned text mapped back onto the stored text it was cleaned from."""

from __future__ import annotations

from difflib import SequenceMatcher


def alignment(clean: str, raw: str) -> tuple[list[int], list[bool]]:
    """For each offset of ``clean`` (and its end), the offset of the same character in ``raw``
    and whether it was matched: matched runs map exactly, characters the cleaner changed or
    added map to the next matched one."""
    mapping: list[int | None] = [None] * (len(clean) + 1)
    blocks = SequenceMatcher(None, clean, raw, autojunk=False).get_matching_blocks()
    for a, b, size in blocks:
        for i in range(size):
            mapping[a + i] = b + i
    matched = [m is not None for m in mapping]
    mapping[len(clean)] = len(raw)
    following = len(raw)
    for i in range(len(clean), -1, -1):
        if mapping[i] is None:
            mapping[i] = following
        following = mapping[i]  # type: ignore[assignment]
    return [m for m in mapping if m is not None], matched
