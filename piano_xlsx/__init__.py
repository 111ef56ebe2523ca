"""piano-xlsx: read, check and compute an Italian public body's Piano della Performance kept in Excel."""

__version__ = "0.1.0"
