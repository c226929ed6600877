"""Text cells in CSV files that people open in spreadsheets: never run as formulas."""

import re

# A cell a spreadsheet would run as a formula is written with a leading apostrophe, which
# spreadsheets hide, and which reading the file back removes.
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
FORMULA_GUARD = re.compile(r"^'(?=[=+\-@\t\r])")


def text_cell(value):
    """Return `value` as a cell that a spreadsheet shows as text."""
    return f"'{value}" if FORMULA_START.match(value) else value


def read_text_cell(value):
    """Return the text a cell written by text_cell() holds."""
    return FORMULA_GUARD.sub("", value)
