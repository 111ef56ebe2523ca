"""The Period type: one place where 'AAAA-MM' is read, checked and turned into a date or a name."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piano_xlsx.core.period import Period, check_period, last_day, month_end, month_name
from piano_xlsx.errors import UsageError


@given(st.integers(min_value=1900, max_value=2200), st.integers(min_value=1, max_value=12))
def test_a_period_is_its_text_with_year_month_end_and_name(year, month):
    p = Period.of(year, month)
    assert p == f"{year:04d}-{month:02d}" and (p.year, p.month) == (year, month)
    assert p.end == last_day(year, month) == month_end(str(p))
    assert (p.end + dt.timedelta(days=1)).day == 1 and p.end.month == month
    assert json.dumps({"periodo": p}) == json.dumps({"periodo": str(p)})  # JSON and cells unchanged
    assert Period(p) is p


def test_periods_order_as_their_text():
    assert sorted([Period("2018-12"), Period("2018-02"), Period("2017-12")]) == ["2017-12", "2018-02", "2018-12"]


def test_names_and_month_ends():
    assert month_name("2018-05") == "maggio 2018"
    assert Period("2024-02").end == dt.date(2024, 2, 29) and Period("2023-02").end == dt.date(2023, 2, 28)
    assert month_end(None) is None


@pytest.mark.parametrize("text, words", [("2018-13", "non esiste"), ("2018-00", "non esiste"),
                                         ("2018-6", "forma AAAA-MM"), ("giugno", "forma AAAA-MM"),
                                         (" 2018-06", "forma AAAA-MM")])
def test_an_invalid_period_is_an_italian_usage_error(text, words):
    with pytest.raises(UsageError, match=words):
        check_period(text)
    check_period(None)
