"""The USE embedder loads offline and separates topics."""

from __future__ import annotations

import numpy as np


def test_use_embedder_loads_offline_and_separates_topics() -> None:
    from counterpoint.link.embedding import UseEmbedder

    vectors = UseEmbedder().encode(
        [
            "Parliament votes down the pension reform bill",
            "Lawmakers reject pension overhaul in parliamentary vote",
            "Heavy rain floods villages in the river valley",
        ]
    )
    assert vectors.shape == (3, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > 0.6 > vectors[0] @ vectors[2] + 0.2
