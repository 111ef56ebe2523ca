"""Exceptions raised by the library. Messages are Italian: they reach the user as they are."""

from __future__ import annotations


class PianoError(Exception):
    """Base class: a problem the user can act on. ``str(exc)`` is the Italian message.

    The message speaks of the library's own parameters in words, never of a command-line flag:
    ``options`` names them (parameter -> suggested value or None), so an interface can add its
    own spelling (the command line adds '--mittente', '--per persona', '--sul-posto')."""

    exit_code = 1

    def __init__(self, *args, options: dict[str, str | None] | None = None):
        super().__init__(*args)
        self.options = dict(options or {})


class UnreadableWorkbook(PianoError):
    """The file cannot be opened as a workbook at all (missing, damaged, wrong format...).

    ``reason`` is a stable code (e.g. ``"file-mancante"``, ``"xls-vecchio"``) so tests and
    scripts can tell the cases apart without parsing the Italian text.
    """

    exit_code = 2

    def __init__(self, path, reason: str, message: str):
        self.path = str(path)
        self.reason = reason
        self.expat_parts: list[str] = []  # set by the reader: parts read with its reference path
        super().__init__(message)


class UsageError(PianoError):
    """The command was misused (bad option value, output equal to input, ...)."""

    exit_code = 2


class CannotWriteBack(PianoError):
    """The workbook holds something piano-xlsx cannot write back without damaging it."""

    exit_code = 2
