"""Ordinal words: "the third monitoring visit" → 3."""

from __future__ import annotations

import re

ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
ORDINAL_PATTERN = r"(?:" + "|".join(ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))"


def ordinal_value(word: str) -> int | None:
    word = word.lower()
    if word in ORDINALS:
        return ORDINALS[word]
    digits = re.match(r"\d{1,2}", word)
    return int(digits.group(0)) if digits else None
