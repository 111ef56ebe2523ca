"""Heights for the rows of the office's table that piano-xlsx writes in, so that wrapped text shows.

Neither Excel nor LibreOffice measures rows again when it opens a file, and LibreOffice opens a
row saved without a height one line tall: the note beside it runs over the rows below (found on
the printed pages). The rule, never lowering a height the office has:
- a row with no height gets one, estimated from the longest wrapped text of its cells, the
  office's and piano-xlsx's (no customHeight: Excel still fits it again when the row is edited);
- a row with a height Excel fitted to its text (no customHeight) grows, when piano-xlsx's own cells
  need more, to show them; a height the office set by hand (customHeight) stays as it is;
- the header row holding piano-xlsx's headers grows, when they need more, to show them whole.
Text in a cell merged over more rows is left out, as Excel's own fitting does.
"""

from __future__ import annotations

from collections.abc import Callable

from . import textfit
from .sheet_edit import SheetEditor

TOLERANCE = 0.5  # points: a stored height this close to the estimate is left alone


def shared_strings_loader(editor, workbook_part: str) -> Callable[[], list[str]]:
    """The workbook's shared strings, read once when first asked for."""
    held: list[list[str]] = []

    def load() -> list[str]:
        if not held:
            from .reader import _read_shared_strings

            target = next((r.target for r in editor.rels(workbook_part)
                           if not r.external and r.type.endswith("/sharedStrings")), None)
            if target is None and editor.exists("xl/sharedStrings.xml"):
                target = "xl/sharedStrings.xml"
            held.append(_read_shared_strings(editor.package, target) if target else [])
        return held[0]

    return load


def fit_rows(editor: SheetEditor, text_format: Callable[[int], tuple[float, bool, bool]],
             shared: Callable[[], list[str]], first_row: int, last_row: int, owned: set[int],
             header_row: int | None = None, owned_heights: dict[int, float] | None = None) -> dict[int, float]:
    """Set the heights of rows first_row..last_row (and of header_row) by the rule above; `owned`:
    piano-xlsx's columns. With `owned_heights` (row -> the height piano-xlsx's cells need, known to
    the caller, which fits the rows before writing its cells) the owned columns are not read from
    the sheet. Returns the heights set."""
    widths, default_width = editor.column_widths()
    default_height = editor.default_row_height()
    skip: set[tuple[int, int]] = set()  # cells whose text is not measured
    spans: dict[tuple[int, int], float] = {}  # top-left cell of a merge within one row -> its width
    top = min(first_row, header_row if header_row is not None else first_row)
    for r1, c1, r2, c2 in editor.merged_areas():
        if r2 < top or r1 > max(last_row, header_row or 0):
            continue
        for r in range(max(r1, top), min(r2, last_row) + 1):
            for c in range(c1, c2 + 1):
                if r1 != r2 or (r, c) != (r1, c1):
                    skip.add((r, c))
        if r1 == r2:
            spans[(r1, c1)] = sum(widths.get(c, default_width) for c in range(c1, c2 + 1))

    formats: dict[int, tuple[float, bool, bool, float]] = {}  # style -> size, bold, wraps, one line's height
    measured: dict[tuple[str, float, int], float] = {}  # (text, width, style) -> height

    def need(row: int, content: str, only_owned: bool) -> float:
        best = 0.0
        if owned_heights is not None:
            best = owned_heights.get(row, 0.0)
            if only_owned:
                return best
        for col, style, text, kind in editor.cells_of(content):
            if (only_owned and col not in owned) or (row, col) in skip or \
                    (owned_heights is not None and col in owned):
                continue
            fmt = formats.get(style)
            if fmt is None:
                size, bold, wraps = text_format(style)
                fmt = formats[style] = (size, bold, wraps, textfit.row_height(1, size))
            size, bold, wraps, one_line = fmt
            if not wraps or text is None:
                if text or kind not in ("s", "str", "inlineStr"):
                    best = max(best, one_line)  # a number, or a text on one line
                continue
            if kind == "s":
                strings = shared()
                text = strings[int(text)] if text.isdigit() and int(text) < len(strings) else None
            if not text:
                continue
            width = spans.get((row, col), widths.get(col, default_width))
            if width <= 0:
                continue  # a hidden column
            key = (text, width, style)
            height = measured.get(key)
            if height is None:  # the same text often comes back (a manager, a target, a shared string)
                height = measured[key] = textfit.row_height(textfit.text_lines(text, width, size, bold), size)
            best = max(best, height)
        return best

    heights: dict[int, float] = {}
    for row, attrs, content in editor.rows_in(top, max(last_row, header_row or 0)):
        if not (first_row <= row <= last_row or row == header_row):
            continue
        try:
            stored = float(attrs["ht"]) if "ht" in attrs else None
        except ValueError:
            stored = None
        custom = attrs.get("customHeight") in ("1", "true")
        if stored is None:
            wanted = need(row, content, False)
            if wanted > default_height + TOLERANCE:
                heights[row] = wanted
        elif row == header_row or not custom:
            wanted = need(row, content, True)
            if wanted > stored + TOLERANCE:
                heights[row] = wanted
    editor.set_row_heights(heights)
    return heights
