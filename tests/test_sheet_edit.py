"""SheetEditor.replace_cells: the owned columns' cells replaced, every other cell kept as written.

The editor has a one-step path for the usual row (all cells left of the owned columns) and a
cell-by-cell path for the rest; both must give the same sheet as a reading of the XML says."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from piano_xlsx.xlsx.refs import col_index, col_letter
from piano_xlsx.xlsx.sheet_edit import SheetEditor
from piano_xlsx.xlsx.sheet_new import cell_xml

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet(rows_xml: str, prefix: str = "") -> str:
    xmlns = f'xmlns:{prefix[:-1]}="{NS}"' if prefix else f'xmlns="{NS}"'
    p = prefix
    return (f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}><{p}sheetData>{rows_xml}'
            f'</{p}sheetData><{p}pageMargins left="0.7"/></{p}worksheet>')


def read_rows(text: str) -> dict[int, list[tuple[int, str]]]:
    """row -> [(column, value text)] in document order, read with a real XML parser."""
    root = ET.fromstring(text.encode())
    rows: dict[int, list[tuple[int, str]]] = {}
    for row in root.iter(f"{{{NS}}}row"):
        r = int(row.get("r"))
        col = 0
        cells = []
        for c in row.findall(f"{{{NS}}}c"):
            ref = c.get("r")
            col = col_index("".join(ch for ch in ref if ch.isalpha())) if ref else col + 1
            texts = "".join(t.text or "" for t in c.iter() if t.tag in (f"{{{NS}}}v", f"{{{NS}}}t"))
            cells.append((col, texts))
        rows[r] = cells
    return rows


def test_usual_rows_get_the_new_cells_after_their_own():
    text = sheet('<row r="1" spans="1:2"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>x</t></is></c></row>'
                 '<row r="2"><c r="A2"><v>2</v></c></row>')
    ed = SheetEditor(text, "sheet1.xml")
    ed.replace_cells({4, 5}, 1, 2, {(1, 4): cell_xml(1, 4, 0.5), (2, 5): cell_xml(2, 5, "ok")})
    assert read_rows(ed.text) == {1: [(1, "1"), (2, "x"), (4, "0.5")], 2: [(1, "2"), (5, "ok")]}
    assert "spans" not in ed.text  # the row's span would be wrong now; Excel recomputes it
    assert ed.text.endswith('<pageMargins left="0.7"/></worksheet>')


def test_old_cells_in_the_owned_columns_are_removed_and_cells_beyond_are_kept():
    text = sheet('<row r="3"><c r="A3"><v>1</v></c><c r="D3"><v>old</v></c><c r="F3"><v>9</v></c></row>')
    ed = SheetEditor(text, "sheet1.xml")
    ed.replace_cells({4, 5}, 3, 3, {(3, 5): cell_xml(3, 5, "new")})
    assert read_rows(ed.text) == {3: [(1, "1"), (5, "new"), (6, "9")]}


def test_cells_without_reference_are_placed_by_position():
    # <c> without r follows the previous cell: here A, B, then D (r), then E (no r) -> E is owned
    text = sheet('<row r="1"><c><v>a</v></c><c><v>b</v></c><c r="D1"><v>d</v></c><c><v>e</v></c></row>')
    ed = SheetEditor(text, "sheet1.xml")
    ed.replace_cells({5}, 1, 1, {(1, 5): cell_xml(1, 5, "E")})
    assert read_rows(ed.text) == {1: [(1, "a"), (2, "b"), (4, "d"), (5, "E")]}


def test_prefixed_sheet_missing_rows_and_empty_sheet_data():
    text = sheet('<x:row r="2"><x:c r="A2"><x:v>2</x:v></x:c></x:row><x:row r="5"/>', prefix="x:")
    ed = SheetEditor(text, "sheet1.xml")
    ed.replace_cells({3}, 1, 6, {(1, 3): cell_xml(1, 3, 1, prefix="x:"), (2, 3): cell_xml(2, 3, 2, prefix="x:"),
                                 (4, 3): cell_xml(4, 3, 4, prefix="x:"), (7, 3): cell_xml(7, 3, 7, prefix="x:")})
    rows = read_rows(ed.text)
    assert rows == {1: [(3, "1")], 2: [(1, "2"), (3, "2")], 4: [(3, "4")], 5: [], 7: [(3, "7")]}
    empty = SheetEditor(f'<worksheet xmlns="{NS}"><sheetData/></worksheet>', "s.xml")
    empty.replace_cells({1}, 1, 1, {(1, 1): cell_xml(1, 1, "a")})
    assert read_rows(empty.text) == {1: [(1, "a")]}


cells_strategy = st.dictionaries(st.integers(1, 8), st.sampled_from(["ref", "noref"]), max_size=6)


@settings(max_examples=150, deadline=None)
@given(rows=st.dictionaries(st.integers(1, 6), cells_strategy, max_size=5),
       owned=st.sets(st.integers(2, 8), min_size=1, max_size=3),
       new_rows=st.sets(st.integers(1, 8), max_size=6),
       spaced=st.booleans())
def test_every_row_shape_matches_a_reading_of_the_xml(rows, owned, new_rows, spaced):
    parts = []
    expected: dict[int, list[tuple[int, str]]] = {}
    for r in sorted(rows):
        cols = sorted(rows[r])
        xml = []
        for c in cols:
            value = f"{col_letter(c)}{r}"
            ref = f' r="{value}"' if rows[r][c] == "ref" or (c != cols[0] and cols[cols.index(c) - 1] != c - 1) \
                or (c == cols[0] and c != 1) else ""
            sep = "\n" if spaced else " "
            xml.append(f'<c{sep + ref.strip() if ref else ""}><v>{value}</v></c>')
        parts.append(f'<row r="{r}">{"".join(xml)}</row>')
        expected[r] = [(c, f"{col_letter(c)}{r}") for c in cols if c not in owned]
    new = {(r, c): cell_xml(r, c, f"new{r}.{c}") for r in new_rows for c in owned}
    for (r, c) in new:
        expected.setdefault(r, []).append((c, f"new{r}.{c}"))
    for r in expected:
        expected[r].sort()
    ed = SheetEditor(sheet("".join(parts)), "sheet1.xml")
    ed.replace_cells(set(owned), 1, 8, new)
    assert read_rows(ed.text) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab&<>\"'\n\r\t;#lgtquoapmè")), max_size=30))
def test_own_xml_escaping_matches_the_standard_library(text):
    """edit.py escapes without xml.sax.saxutils (whose import costs 12 ms): same results."""
    from xml.sax.saxutils import escape, quoteattr, unescape

    from piano_xlsx.xlsx.edit import xml_unescape, xml_attr, xml_text

    assert xml_text(text) == escape(text)
    assert xml_attr(text) == quoteattr(text)
    assert xml_unescape(text) == unescape(text, {"&quot;": '"', "&apos;": "'"})


def test_new_elements_go_where_the_schema_wants_them():
    """Found by the corpus test: <cols> added to a sheet without one landed after the cells."""
    import re

    from piano_xlsx.xlsx.sheet_edit import ORDER

    text = (f'<worksheet xmlns="{NS}"><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
            '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
            '<pageMargins left="0.7"/><extLst><ext uri="x"><a/></ext></extLst></worksheet>')
    ed = SheetEditor(text, "s.xml")
    ed.set_widths({3: 12})
    ed.add_conditional_format("C1:C2", ['<cfRule type="expression" priority="1"><formula>1</formula></cfRule>'])
    ed.ensure_landscape()
    children = re.findall(r"<(\w+)", ed.text.split("<worksheet", 1)[1])
    top = [c for c in children if c in ORDER]
    assert top == sorted(top, key=ORDER.index)
    assert top[:4] == ["sheetViews", "cols", "sheetData", "conditionalFormatting"]
