"""Writing files the way an office expects: never half-written, with the usual permissions;
and the system's reasons for failing, in Italian."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from ..errors import UsageError

# the system's reasons are in English: the usual ones in Italian
_OS_REASONS: dict[int | None, str] = {errno.ENOENT: "non esiste (o non esiste la cartella che lo contiene)",
               errno.EACCES: "permesso negato", errno.EPERM: "operazione non permessa",
               errno.ENOSPC: "spazio su disco esaurito", errno.EROFS: "il disco è di sola lettura",
               errno.EISDIR: "è una cartella", errno.ENOTDIR: "un elemento del percorso non è una cartella",
               errno.EEXIST: "esiste già", errno.EBUSY: "è in uso", errno.ENAMETOOLONG: "nome troppo lungo"}


def os_reason(exc: OSError) -> str:
    """Why an operation on a file failed, in Italian where the reason is a usual one."""
    return _OS_REASONS.get(exc.errno) or exc.strerror or str(exc)


class ReadOnlyFile(UsageError):
    """The file to replace is marked read-only: it is respected, not replaced."""

    def __init__(self, path: Path):
        super().__init__(f"Il file '{Path(path).name}' è in sola lettura: piano-xlsx non lo sostituisce. Togliere la "
                         "sola lettura (Proprietà del file) oppure scrivere il risultato altrove.",
                         options={"output": None})


def open_elsewhere(path: Path) -> str | None:
    """The lock file another program keeps beside a workbook it has open (Excel's '~$NOME.xlsx',
    LibreOffice's '.~lock.NOME.xlsx#'), or None."""
    path = Path(path)
    for name in (f"~${path.name}", f".~lock.{path.name}#"):
        if path.with_name(name).exists():
            return name
    return None


_TEMP = ".piano-xlsx-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, not ours
    return True


def _clean_stale_temporaries(folder: Path) -> None:
    """Temporary files a killed run left ('.piano-xlsx-<pid>-...'): removed once their process is gone."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if not name.startswith(_TEMP):
            continue
        pid = name[len(_TEMP):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            try:
                os.unlink(folder / name)
            except OSError:
                pass


@contextlib.contextmanager
def exclusive(path: Path):
    """Only one run updates a workbook at a time: a lock file '.piano-xlsx-lock.NOME.xlsx' beside it
    while it is read, computed and replaced. A lock left by a run that died is taken over. A
    symbolic link is followed: the lock is beside the file it points to."""
    path = Path(os.path.realpath(path))
    lock = path.with_name(f".piano-xlsx-lock.{path.name}")
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                pid = int(lock.read_text().strip() or "0")
            except (OSError, ValueError):
                pid = 0
            if pid and _alive(pid):
                raise LockedFile(path, lock) from None
            try:
                os.unlink(lock)  # stale: its process is gone
            except OSError:
                pass
            continue
        with os.fdopen(fd, "w") as handle:
            handle.write(str(os.getpid()))
        break
    else:
        raise LockedFile(path, lock)
    try:
        yield
    finally:
        try:
            os.unlink(lock)
        except OSError:
            pass


class LockedFile(UsageError):
    def __init__(self, path: Path, lock: Path):
        super().__init__(f"Il file '{path.name}' è in aggiornamento da un altro calcolo di piano-xlsx (blocco "
                         f"'{lock.name}'): attendere che finisca e rilanciare. Se nessun calcolo è in corso, "
                         f"cancellare il file '{lock.name}'.")
        self.lock = lock


def write_atomically(output: Path, data: bytes, *, backup: bool = False, when: dt.datetime | None = None,
                     label: str | None = None) -> Path | None:
    """Write through a temporary file in the same folder, then replace: never a half-written workbook.
    The new file gets the permissions the old one had (or the usual ones for a new file). With
    `backup`, the previous file is kept as '<nome>.bak-AAAAMMGG-HHMMSS.xlsx' (never overwritten;
    with `label`, what it holds, e.g. its period: '<nome>.bak-2018-05-AAAAMMGG-HHMMSS.xlsx'),
    itself written through a temporary file: a copy cut short never looks like a backup. A file
    marked read-only is not replaced (ReadOnlyFile). A symbolic link is followed: the file it points
    to is replaced, and the link stays (found in review: the link became a copy, the file unchanged)."""
    output = Path(os.path.realpath(output))
    folder = output.parent if str(output.parent) else Path(".")
    _clean_stale_temporaries(folder)
    if output.exists() and not os.access(output, os.W_OK):
        raise ReadOnlyFile(output)
    if output.exists():
        mode = stat.S_IMODE(output.stat().st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        return _write_through_temporary(output, folder, mode, data, backup, when, label)
    except OSError as exc:  # name the file the user asked for, not piano-xlsx's temporary one
        if exc.filename is None or os.path.basename(str(exc.filename)).startswith(_TEMP):
            raise OSError(exc.errno, exc.strerror, str(output)) from exc
        raise


def _write_through_temporary(output: Path, folder: Path, mode: int, data: bytes, backup: bool, when,
                             label: str | None = None) -> Path | None:
    backup_path = None
    fd, tmp = tempfile.mkstemp(prefix=f"{_TEMP}{os.getpid()}-", suffix=output.suffix, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if backup and output.exists():
            stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
            if label:
                # a label read from the file ('2018-05', 'finale'): only what a file name can hold on every
                # system (found in a trial: a note with ':' and '/' became the name, and the run failed)
                stamp = f"{re.sub(r'[^0-9A-Za-z_-]+', '-', label).strip('-')[:20] or 'copia'}-{stamp}"
            backup_path = output.with_name(f"{output.stem}.bak-{stamp}{output.suffix}")
            n = 2
            while backup_path.exists():
                backup_path = output.with_name(f"{output.stem}.bak-{stamp}-{n}{output.suffix}")
                n += 1
            partial = folder / f"{_TEMP}{os.getpid()}-backup{output.suffix}"
            shutil.copy2(output, partial)
            os.replace(partial, backup_path)  # the backup appears whole or not at all
        os.replace(tmp, output)
    except BaseException:
        for leftover in (tmp, folder / f"{_TEMP}{os.getpid()}-backup{output.suffix}"):
            if os.path.exists(leftover):
                os.unlink(leftover)
        raise
    return backup_path
