"""Settings read as written: regressions found while typing the package (mypy)."""

from __future__ import annotations

from piano_xlsx.core.settings import find_setting, parse_value


def test_individual_bands_keep_their_decimals():
    # a band's grado above 3 is in points as written: '60,125%' was re-read from the text '60.125', an
    # Italian thousands number (60125), and the bands were 'not in increasing order' (found by mypy:
    # that re-reading could also give None)
    setting = find_setting("Fasce individuali")
    assert setting is not None
    assert parse_value(setting, "60,125% = 0,6; 99% = 1") == ((60.125, 0.6), (99.0, 1.0))
    assert parse_value(setting, "12,345% = 0,5") == ((12.345, 0.5),)
    assert parse_value(setting, "0,6 = 0,6; 0,99 = 1") == ((60.0, 0.6), (99.0, 1.0))  # fractions


def test_linear_scale_needs_two_increasing_percentages():
    setting = find_setting("Scala lineare individuale")
    assert setting is not None
    assert parse_value(setting, "60% - 99%") == (60.0, 99.0)
    for text in ("60%", "60% - x", "99% - 60%", "10% - 20% - 30%"):
        try:
            parse_value(setting, text)
        except ValueError:
            continue
        raise AssertionError(text)
