"""Writing files the way an office expects: never half-written, with the usual permissions;
and the system's reasons for failing, in Italian."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

# the system's reasons are in English: the usual ones in Italian
_OS_REASONS = {errno.ENOENT: "non esiste (o non esiste la cartella che lo contiene)",
               errno.EACCES: "permesso negato", errno.EPERM: "operazione non permessa",
               errno.ENOSPC: "spazio su disco esaurito", errno.EROFS: "il disco è di sola lettura",
               errno.EISDIR: "è una cartella", errno.ENOTDIR: "un elemento del percorso non è una cartella",
               errno.EEXIST: "esiste già", errno.EBUSY: "è in uso", errno.ENAMETOOLONG: "nome troppo lungo"}


def os_reason(exc: OSError) -> str:
    """Why an operation on a file failed, in Italian where the reason is a usual one."""
    return _OS_REASONS.get(exc.errno) or exc.strerror or str(exc)


def write_atomically(output: Path, data: bytes, *, backup: bool = False, when: dt.datetime | None = None) -> Path | None:
    """Write through a temporary file in the same folder, then replace: never a half-written workbook.
    The new file gets the permissions the old one had (or the usual ones for a new file). With
    `backup`, the previous file is kept as '<nome>.bak-AAAAMMGG-HHMMSS.xlsx' (never overwritten)."""
    output = Path(output)
    folder = output.parent if str(output.parent) else Path(".")
    if output.exists():
        mode = stat.S_IMODE(output.stat().st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        return _write_through_temporary(output, folder, mode, data, backup, when)
    except OSError as exc:  # name the file the user asked for, not piano-xlsx's temporary one
        if exc.filename is None or os.path.basename(str(exc.filename)).startswith(".piano-xlsx-"):
            raise OSError(exc.errno, exc.strerror, str(output)) from exc
        raise


def _write_through_temporary(output: Path, folder: Path, mode: int, data: bytes, backup: bool, when) -> Path | None:
    backup_path = None
    fd, tmp = tempfile.mkstemp(prefix=".piano-xlsx-", suffix=output.suffix, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if backup and output.exists():
            stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
            backup_path = output.with_name(f"{output.stem}.bak-{stamp}{output.suffix}")
            n = 2
            while backup_path.exists():
                backup_path = output.with_name(f"{output.stem}.bak-{stamp}-{n}{output.suffix}")
                n += 1
            shutil.copy2(output, backup_path)
        os.replace(tmp, output)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return backup_path
