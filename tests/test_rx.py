"""The XML scanners' patterns, rewritten for Python 3.10 (no possessive quantifiers or atomic
groups there), match exactly what the originals match. (That they no longer backtrack for
minutes on 3.10 was measured by running the whole suite there: see the issue notes.)"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piano_xlsx.xlsx import cells, fastscan, reader, rx, xmlns

PATTERNS = [(f"{module.__name__}.{name}", value) for module in (reader, cells, fastscan, xmlns)
            for name, value in vars(module).items() if isinstance(value, re.Pattern)]
# pieces of the XML the scanners read, shuffled into strings that are and are not well formed
PIECES = ['<c r="A1" s="3" t="s">', "<v>", "</v>", "</c>", "<f>", "</f>", '<row r="2">', "</row>", "<si>",
          "</si>", "<t>", "</t>", "&amp;", "&#38;", "&bogus", "<", ">", "/", '"', "'", " ", "\n", "x", "12",
          '<c r="B2"/>', "<?xml ", ' encoding="UTF-8"', "?>", 'xmlns:x="u"', "<x:c ", "\x01", "=", "é"]


def test_there_are_patterns_to_check():
    assert len(PATTERNS) >= 20


@pytest.mark.skipif(not rx.POSSESSIVE_SUPPORTED, reason="le due forme si confrontano dove entrambe compilano")
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_the_rewritten_patterns_match_what_the_originals_match(pieces):
    text = "".join(pieces)
    for name, pattern in PATTERNS:
        subject = text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text
        source = pattern.pattern
        rewritten = re.compile(rx.plain(source.decode("latin-1")).encode("latin-1")
                               if isinstance(source, bytes) else rx.plain(source), pattern.flags)
        # (an emulated atomic group adds a group of its own, after the pattern's)
        assert [m.groups() + (m.span(),) for m in pattern.finditer(subject)] == \
            [m.groups()[:pattern.groups] + (m.span(),) for m in rewritten.finditer(subject)], name
