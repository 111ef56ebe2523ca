"""The library's one way through a workbook: read -> check -> compute -> history -> write.

Every command goes through here (``verifica``, ``calcola``, ``dividi``, ``confronta``), and so
should any other interface: the command line only parses options and renders what comes back.
So a rule about *which* findings a run reports, or *which* month a file is computed at, lives in
one place, and the commands cannot drift apart (a trial once found verifica saying 'utilizzabile'
where calcola exited 1 on the same file).

Nothing here prints or exits; errors are the library's exceptions (:mod:`piano_xlsx.errors`).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from .core.compare import Comparison, NotComparable, Side, compare_plans
from .core.compute import Outcome, compute, needs_recorded
from .core.period import check_period
from .core.findings import Report
from .core.history import findings_of, own_period, period_key
from .core.model import Plan
from .read.load import read_history_values, verify

# which month a run is at when none is asked
LATEST_DATA = "latest-data"  # the latest month with data (calcola, verifica)
OWN_PERIOD = "own-period"  # the month the file's own results are at, its Storico (dividi, confronta)


@dataclass
class Run:
    """What one pass over a workbook found and did."""

    file: Path
    plan: Plan
    report: Report  # every finding: reading and checking first, then computing and the history
    outcome: Outcome | None  # None when no linkage table was found (the report says why)
    checked: int  # report.findings[:checked] come from reading and checking, as verifica shows them
    written: dict | None = None  # {"output", "backup", "bytes"} when a workbook was written
    period: str | None = None  # the month asked of the computation (None: its default, the latest data)

    @property
    def errors(self) -> int:
        return len(self.report.errors)


def run(file, *, period: str | None = None, default_period: str = LATEST_DATA, write: bool = False,
        output=None, in_place: bool = False) -> Run:
    """Read, check and compute ``file``; with ``write``, write the output workbook (to ``output``,
    beside the file by default, or the file itself with ``in_place``, one run at a time). Without
    ``write`` the findings that writing the Storico would give are reported all the same, so a run
    that writes nothing says what one that writes would (closed periods corrected, a past period).
    The input file is never modified, except in place, and then only after a dated backup."""
    from .write.files import exclusive

    check_period(period)
    file = Path(file)
    # updating the file itself: one run at a time, from reading to replacing (a month's Storico
    # written by a concurrent run would be lost)
    with exclusive(file) if in_place else contextlib.nullcontext():
        # the Storico's periods and fingerprints, not its recorded values: a run that writes nothing
        # needs no more, and the writer updates the Storico in place (write/storico.py), reading what it needs
        plan, report = verify(file, history_values=False, period=period)
        checked = len(report.findings)
        if plan.table is None:
            return Run(file, plan, report, None, checked)
        if period is None and default_period == OWN_PERIOD:
            # the month the file's results are at, not data typed since (found in a trial: dividi
            # sent July's figures from a file computed in June)
            period = own_period(plan)
        recorded = None
        if plan.history is not None and plan.history.periods and not plan.history.values_read and needs_recorded(plan):
            # a SI past its deadline: was it recorded reached before? (compute._done_by_when)
            recorded = read_history_values(file, plan.owned_sheets)
        outcome = compute(plan, period=period, recorded=recorded)
        report.findings.extend(outcome.findings)
        written = None
        if write and any(f.code in ("foglio-riservato", "colonne-calcolate-separate") for f in report.errors):
            # the output would have two sheets of one name, or piano-xlsx's columns twice: said, exit 1 (as verifica)
            write = False
        if write:
            from .write.writeback import write_output

            written = write_output(plan, outcome, report, file, output, in_place=in_place)
            report.findings.extend(written["findings"])
        else:
            if plan.history is not None and not plan.history.values_read and \
                    period_key(outcome.period) in outcome.profile.closed_periods:
                # a closed period is compared with what the Storico recorded for it: read it after all
                plan.history = recorded or read_history_values(file, plan.owned_sheets)
            report.findings.extend(findings_of(plan, outcome))
    return Run(file, plan, report, outcome, checked, written, period)


def compare_files(old, new, *, period: str | None = None) -> Comparison:
    """Read both workbooks (never writing them), compute each at ``period`` (default: each at the
    period of its own last run, the latest in its Storico, else its latest month with data) and
    compare. Raises UnreadableWorkbook when a file cannot be read, NotComparable when it holds no
    linkage table, UsageError for a malformed period."""
    check_period(period)
    sides = []
    for path in (old, new):
        side = run(path, period=period, default_period=OWN_PERIOD)
        if side.outcome is None:
            raise NotComparable(
                f"Nel file '{Path(path).name}' non si trova la tabella di collegamento, quindi non c'è un piano "
                f"da confrontare. I dettagli con: piano-xlsx verifica {path}")
        sides.append(side)
    old_run, new_run = sides
    assert old_run.outcome is not None and new_run.outcome is not None
    result = compare_plans(old_run.plan, old_run.outcome, new_run.plan, new_run.outcome)
    return Comparison(Side(str(old), old_run.plan.sha256, old_run.outcome.period, old_run.errors),
                      Side(str(new), new_run.plan.sha256, new_run.outcome.period, new_run.errors),
                      result.plan_changes, result.outcome_changes)


__all__ = ["LATEST_DATA", "OWN_PERIOD", "Run", "compare_files", "run"]
