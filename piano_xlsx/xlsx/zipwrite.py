"""The output package's zip: deflated in worker threads, unchanged members copied as stored.

Python's zipfile compresses every member on the calling thread as it is written, one after
the other. For piano-xlsx that was the last ~0.1 s of a big run, spent compressing the 15 MB
of XML it had just built and recompressing the office's parts it had not touched. Here a member is
handed to a worker thread as soon as its bytes are known (zlib releases the interpreter
lock while it works, so this runs beside the Python code that builds the next sheet), and an
untouched deflated or stored member is copied in its compressed form, after its CRC is
checked like any read would. The layout is the plain zip zipfile writes: no ZIP64 (the
reader's limits keep parts far below 4 GB), no data descriptors, fixed timestamps: the
same members give the same bytes.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

_T = TypeVar("_T")
DateTime = tuple[int, int, int, int, int, int]  # a member's time stamp: year, month, day, hour, minute, second

LEVEL = 1  # three times faster than the default on big sheets, a few percent larger
BACKGROUND_MIN = 256 * 1024  # smaller members are compressed on the spot: a thread costs more
STORED, DEFLATED = 0, 8
_LIMIT = 0xFFFFFFFF
_VERSION = 20  # 2.0: deflate
_MADE_BY = (3 << 8) | _VERSION  # Unix, so the permission bits below mean what they say
_EXTERNAL = 0o600 << 16


class ZipTooLarge(ValueError):
    """A member or the archive needs ZIP64: the caller falls back to zipfile."""


def _deflate(data: bytes) -> tuple[int, bytes]:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()


def _dos_stamp(date_time: DateTime) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return ((hour << 11) | (minute << 5) | (second // 2)), (((year - 1980) << 9) | (month << 5) | day)


class Compressor:
    """Deflates members in the background: `start` as soon as a member's bytes are final."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._jobs: dict[str, tuple[bytes, Future[tuple[int, bytes]]]] = {}

    def start(self, name: str, data: bytes) -> None:
        if len(data) < BACKGROUND_MIN:
            self._jobs.pop(name, None)
            return
        self._jobs[name] = (data, self.submit(_deflate, data))

    def submit(self, fn: Callable[..., _T], *args: Any) -> Future[_T]:
        if self._pool is None:
            # one core stays with the thread building the sheets; one worker was as fast as two on
            # a 2-core machine (measured)
            workers = max(1, min(2, (os.cpu_count() or 1) - 1))
            self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="piano-xlsx-zip")
        return self._pool.submit(fn, *args)

    def deflated(self, name: str, data: bytes) -> tuple[int, bytes]:
        """(CRC-32, raw deflate stream) of `data`, from the background job when it was for these bytes."""
        job = self._jobs.pop(name, None)
        if job is not None and job[0] is data:
            return job[1].result()
        return _deflate(data)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._jobs.clear()


class ZipOut:
    """Builds a zip in memory, member by member, in the order they are added."""

    def __init__(self, date_time: DateTime = (1980, 1, 1, 0, 0, 0)) -> None:
        self._time, self._date = _dos_stamp(date_time)
        self._chunks: list[bytes] = []
        self._offset = 0
        self._central: list[bytes] = []

    def add(self, name: str, method: int, crc: int, compressed: bytes, size: int) -> None:
        """A member whose compressed bytes are known (deflated here, or copied as stored)."""
        if size > _LIMIT or len(compressed) > _LIMIT or self._offset > _LIMIT or len(self._central) >= 0xFFFF:
            raise ZipTooLarge(name)
        try:
            raw_name, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            raw_name, flags = name.encode("utf-8"), 0x800
        local = struct.pack("<4s5H3L2H", b"PK\x03\x04", _VERSION, flags, method, self._time, self._date,
                            crc & _LIMIT, len(compressed), size, len(raw_name), 0)
        self._central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", _MADE_BY, _VERSION, flags, method,
                                         self._time, self._date, crc & _LIMIT, len(compressed), size,
                                         len(raw_name), 0, 0, 0, 0, _EXTERNAL, self._offset) + raw_name)
        self._chunks += (local, raw_name, compressed)
        self._offset += len(local) + len(raw_name) + len(compressed)

    def getvalue(self) -> bytes:
        directory = b"".join(self._central)
        if self._offset > _LIMIT:
            raise ZipTooLarge("directory")
        end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(self._central), len(self._central),
                          len(directory), self._offset, 0)
        return b"".join(self._chunks) + directory + end
