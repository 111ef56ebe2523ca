"""The Storico of a monthly run, updated where it stands instead of read whole and written again.

Each month a run adds one period (or replaces the last one): the Storico's rows keep every earlier
period as they are, the status cells move one column to the right, and the new period's grado and
status are added. At 10,000 indicators in December the sheet holds 270,000 cells; reading them
into objects, updating them and writing them again was a third of the run's extra cost over
January's.

:func:`prepare` takes from the earlier run's sheet (its XML, as piano-xlsx wrote it) only what the
update needs: the titles of its rows and the values of the period a change is measured from.
:meth:`InPlace.rows` gives the new rows. The result is byte for byte what writing the whole sheet
gives (a differential test says so); anything else (a sheet another program saved, a period in the
past, a closed period, nodes added or removed) is read and written whole, which stays the rule.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from ..core.history import FINAL, History, period_key, previous_period
from ..read.sheets import HISTORY_HEADER_ROW, STATUS_PREFIX
from ..core.text import clean
from ..xlsx.edit import xml_unescape
from ..xlsx.refs import col_index, col_letter
from ..xlsx.sheet_new import cell_xml

_ROW_HEAD = re.compile(r'<row r="(\d+)"([^>]*)>')
_REF = re.compile(r'<c r="([A-Z]+)(?=\d)')
_NUMBER = re.compile(r'<c r="([A-Z]+)\d+" s="(\d+)"><v>([^<]*)</v></c>')
_TEXT = re.compile(r'<c r="([A-Z]+)\d+" s="(\d+)" t="inlineStr"><is><t xml:space="preserve">([^<]*)</t></is></c>')


@dataclass
class _Row:
    grado: str  # the XML of its grado cells
    status: str  # the XML of its status cells


@dataclass
class InPlace:
    """The earlier Storico ready to be updated in place (see :func:`prepare`)."""

    period: str
    append: bool  # True: the period is added at the end; False: it replaces the last one
    old_periods: list[str]
    history: History  # the earlier history: periods, nodes with titles, fingerprints, and the values
    # of the period the changes are measured from (the only ones the update reads)
    rows: list[_Row]

    def node_rows(self, new: History, plain: int, pct_style: int) -> list[str] | None:
        """The content of each node's row after the update ``new`` (history.update of
        ``self.history``), as NewSheet.put_row would write it; None when the nodes are not the
        earlier ones in the same order (then the sheet is written whole)."""
        if [(level, code) for level, code, _ in new.nodes] != [(level, code) for level, code, _ in self.history.nodes]:
            return None
        n_old, n_new = len(self.old_periods), len(new.periods)
        last_grado = col_letter(3 + n_old)
        last_status = col_letter(4 + n_old + n_old)
        shift = {col_letter(5 + n_old + j): col_letter(5 + n_new + j) for j in range(n_old)}
        grado_col, status_col = 3 + n_new, 4 + n_new + n_new
        out = []
        for i, ((level, code, title), old) in enumerate(zip(new.nodes, self.rows)):
            row = HISTORY_HEADER_ROW + 1 + i
            grado, status = old.grado, old.status
            if self.append:
                status = _REF.sub(lambda m: '<c r="' + shift[m.group(1)], status)
            else:  # the last period's cells are replaced
                grado = _without_last(grado, f'<c r="{last_grado}{row}"')
                status = _without_last(status, f'<c r="{last_status}{row}"')
            g = new.grado.get((level, code), {}).get(self.period)
            s = new.status.get((level, code), {}).get(self.period)
            out.append(cell_xml(row, 1, level, plain) + cell_xml(row, 2, code, plain) + cell_xml(row, 3, title, plain)
                       + grado + (cell_xml(row, grado_col, g, pct_style) if g is not None else "")
                       + status + (cell_xml(row, status_col, s, plain) if s else ""))
        return out


def _without_last(cells: str, start: str) -> str:
    at = cells.rfind(start)
    return cells[:at] if at >= 0 and cells.find("<c ", at + 1) < 0 else cells


def prepare(sheet_xml: str, light: History, period: str | None, closed: Collection[str],
            plain: int, pct_style: int) -> InPlace | None:
    """The earlier Storico (``sheet_xml``, its part's text) ready to be updated in place by a run at
    ``period``, or None when it cannot be. ``light``: the history read without its values (periods,
    nodes, fingerprints); ``plain``, ``pct_style``: the styles this run writes the Storico with."""
    key = period_key(period)
    old = list(light.periods)
    if not old or not light.nodes or key in closed:
        return None
    months = [p for p in old if p != FINAL]
    if key not in old and FINAL not in old and (key == FINAL or not months or key > max(months)):
        append = True
    elif key == old[-1]:
        append = False
    else:
        return None  # a period in the past: the whole sheet
    start, end = sheet_xml.find("<sheetData>"), sheet_xml.find("</sheetData>")
    if start < 0 or end < 0:
        return None
    contents: list[str] = []
    expected = HISTORY_HEADER_ROW + 1
    position = start
    while len(contents) < len(light.nodes):  # (the fingerprints' row after them is written again)
        at = sheet_xml.find("<row ", position, end)
        if at < 0:
            break
        opened = sheet_xml.find(">", at, end)
        row_end = sheet_xml.find("</row>", opened, end)
        head = _ROW_HEAD.fullmatch(sheet_xml, at, opened + 1)
        if opened < 0 or row_end < 0 or head is None:
            return None
        position = row_end + 6
        number = int(head.group(1))
        if number == HISTORY_HEADER_ROW and not _header_in_order(sheet_xml[opened + 1:row_end], old):
            return None  # the periods' columns in another order than the one written again
        if number <= HISTORY_HEADER_ROW:
            continue
        if number != expected or head.group(2):  # a node row has no height and is not hidden
            return None
        contents.append(sheet_xml[opened + 1:row_end])
        expected += 1
    if len(contents) != len(light.nodes):
        return None
    n = len(old)
    periods = old + [key] if append else old
    previous = previous_period(periods, key)
    j_previous = old.index(previous) if previous in old else None
    history = History(periods=old, fingerprints=dict(light.fingerprints))
    rows = []
    form = _row_form(plain, pct_style)
    for i, (content, (level, code, _)) in enumerate(zip(contents, light.nodes)):
        read = _read_row(form, content, level, code, n)
        if read is None:
            return None
        title, row = read
        history.nodes.append((level, code, title))
        rows.append(row)
        if j_previous is not None and previous is not None:
            number = HISTORY_HEADER_ROW + 1 + i
            grado = _value_at(row.grado, f"{col_letter(4 + j_previous)}{number}", True)
            status = _value_at(row.status, f"{col_letter(5 + n + j_previous)}{number}", False)
            if isinstance(grado, float):
                history.grado.setdefault((level, code), {})[previous] = grado
            if isinstance(status, str):
                history.status.setdefault((level, code), {})[previous] = status
    return InPlace(key, append, old, history, rows)


def _header_in_order(content: str, periods: list[str]) -> bool:
    """Whether the header row holds the periods in the columns the sheet is written with: gradi
    from D in the periods' order, then an empty column, then 'stato ' and each period (an older
    file's columns in another order would be relabelled, not moved, by an update in place)."""
    n = len(periods)
    wanted = {col_letter(4 + j): p for j, p in enumerate(periods)}
    wanted.update({col_letter(5 + n + j): STATUS_PREFIX + p for j, p in enumerate(periods)})
    found = {m.group(1): clean(xml_unescape(m.group(3))) for m in _TEXT.finditer(content)}
    return all(found.get(letter) == text for letter, text in wanted.items()) and \
        all(letter in wanted or col_index(letter) <= 3 for letter in found)


def _row_form(plain: int, pct_style: int) -> re.Pattern[str]:
    """A node row as piano-xlsx writes it: level, code and title as inline text in A:C (an empty
    title is an empty styled cell), gradi as numbers, statuses as inline text, in this run's styles.
    One match per row, at the regular-expression engine's speed."""
    text = f' s="{plain}" t="inlineStr"><is><t xml:space="preserve">([^<]*)</t></is></c>'
    return re.compile(
        f'<c r="A[0-9]+"{text}<c r="B[0-9]+"{text}(?:<c r="C[0-9]+"{text}|<c r="C[0-9]+" s="{plain}"/>)'
        f'((?:<c r="[A-Z]+[0-9]+" s="{pct_style}"><v>[^<]*</v></c>)*)'
        f'((?:<c r="[A-Z]+[0-9]+"{text.replace("([^<]*)", "[^<]*")})*)')


def _read_row(form: re.Pattern[str], content: str, level: str, code: str, n: int) -> tuple[str, _Row] | None:
    """A node row as piano-xlsx wrote it (``form``), for the recorded level and code, its gradi in
    the grado columns (D and on) and its statuses in the status ones (after the empty column);
    else None. Returns its title and cells."""
    m = form.fullmatch(content)
    if m is None or clean(xml_unescape(m.group(1))) != level or clean(xml_unescape(m.group(2))) != code:
        return None
    grado, status = m.group(4), m.group(5)
    for cells, first, last in ((grado, 4, 3 + n), (status, 5 + n, 4 + n + n)):
        if cells:  # written in column order: the first and the last say where they all are
            refs = _REF.findall(cells[:20]), _REF.findall(cells[cells.rfind("<c "):])
            if not refs[0] or not refs[1] or col_index(refs[0][0]) < first or col_index(refs[1][0]) > last:
                return None
    return clean(xml_unescape(m.group(3) or "")), _Row(grado, status)


def _value_at(cells: str, ref: str, number: bool) -> float | str | None:
    """The grado (number) or status of the cell ``ref`` among a row's cells, None when absent."""
    at = cells.find(f'<c r="{ref}"')
    if at < 0:
        return None
    m = (_NUMBER if number else _TEXT).match(cells, at)
    if m is None:
        return None
    return float(m.group(3)) if number else (clean(xml_unescape(m.group(3))) or None)
