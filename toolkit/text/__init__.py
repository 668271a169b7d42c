"""The text layer: normalization, matching keys, sentence segmentation, script detection."""

from toolkit.text.normalize import (
    MatchKey,
    Removed,
    key_of,
    match_key,
    normalize,
    removed_characters,
)
from toolkit.text.script import detect_language, ensure_language
from toolkit.text.segment import Segment, segment, split_lines

__all__ = [
    "MatchKey",
    "Removed",
    "Segment",
    "detect_language",
    "ensure_language",
    "key_of",
    "match_key",
    "normalize",
    "removed_characters",
    "segment",
    "split_lines",
]
