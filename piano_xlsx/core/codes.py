"""Codes of objectives and results: read from leading numbering, related by prefix."""

from __future__ import annotations

import re

# "10.2.1 Verifica ...", "3.1.1- Prima analisi", "KPI156 Numero ...", "OS1.2: ...", "1) ..."
# also "R.A.1.1a - Diffusione ..." (a ministry's result), "1a) Percentuale ..." (a university's)
_RESULT_CODE = re.compile(
    r"^\s*(?P<code>(?:(?:[A-Za-z]{1,5}\.?){1,3}\d+(?:\.\d+)*[a-z]?|\d+(?:\.\d+)+[a-z]?|\d+[a-z](?=\)))"
    r"(?![\w]))\.?\s*(?:[-–:)]\s*|\s+|$)")
# "1. Garantire ...", "10 - Favorire ...", "Obiettivo 3: ...", "OS1 ...", "OB.1.1 - Migliorare ..."
# ... and an objective added in the year's revision: '3bis. ...', '3 bis. ...', '3-bis. ...' (found in a trial: taken
# for objective 3 written twice, or refused)
_OBJECTIVE_CODE = re.compile(
    r"^\s*(?:obiettivo\s+(?:n\.?\s*)?)?(?P<code>(?:[A-Za-z]{1,5}\.?){0,3}\d+(?:\.\d+)*"
    r"(?:[\s\-–]?(?:bis|ter|quater)\b|[a-z]?))(?![\w.]\w)(?!\w)\s*(?:[.)\-–:]\s*|\s+|$)",
    re.IGNORECASE)
_ADDED_SUFFIX = re.compile(r"(?<=\d)[\s\-–]*(bis|ter|quater)\b", re.IGNORECASE)


def added_code(code: str) -> str:
    """'3 bis', '3-bis', '3BIS' as '3bis': one code however the suffix of an added objective is written."""
    return _ADDED_SUFFIX.sub(lambda m: m.group(1).lower(), code)


def split_code(text: str, *, objective: bool = False) -> tuple[str | None, str]:
    """(code, rest of the text) from a leading numbering; (None, text) when there is none.

    Results need a dotted number ("1.1") or letters and digits ("KPI156"): a bare "10
    pagine" is text, not a code. Objectives accept a bare number ("1. Garantire").
    """
    pattern = _OBJECTIVE_CODE if objective else _RESULT_CODE
    m = pattern.match(text)
    if not m:
        return None, text.strip()
    code = added_code(m.group("code")).replace(" ", "")
    rest = text[m.end():].strip()
    if objective and m.group("code").isdigit() and not re.match(r"^\s*(?:obiettivo\s+)?\d+\s*[.)\-–:]", text, re.I):
        # "2018 Piano ..." or "5 pratiche": a bare number not followed by a separator is not a code
        return None, text.strip()
    return code, rest


def parent_candidates(code: str) -> list[str]:
    """Prefixes of a dotted code, longest first: 10.2.1 -> [10.2, 10]."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]


def first_segment(code: str) -> str:
    """The objective part of a result's code: '10' of '10.2.1', '1' of '1a'."""
    head = code.split(".")[0]
    m = re.fullmatch(r"(\d+)[a-z]", head)
    return m.group(1) if m else head


def sort_key(code: str) -> list[tuple[int, int, str]]:
    """Natural order: 2 < 10, 10.2 < 10.2.1 < 10.3."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.]", code)]
