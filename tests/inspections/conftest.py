from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media(media_root: object) -> None:
    """Every test here stores uploads: in a folder of its own."""
