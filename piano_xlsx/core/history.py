"""The monthly history: one snapshot (grado and status of every node) per period.

The snapshots live in the workbook's "Storico" sheet, which piano-xlsx owns. A run at a
period replaces that period's snapshot, unless the period is closed in the settings:
then the recorded snapshot stays as it is and every difference is reported instead.
Pure functions: reading and writing the sheet happen elsewhere.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .findings import Finding, Location, warning
from .model import Plan
from .period import month_name
from .scoring import rounded
from .settings import Profile
from .text import pct
from .vocabulary import Status

if TYPE_CHECKING:
    from .compute import Outcome

RAGGIUNTO, NON_RAGGIUNTO, IN_CORSO = Status.RAGGIUNTO, Status.NON_RAGGIUNTO, Status.IN_CORSO
NON_VALUTABILE, DA_VERIFICARE = Status.NON_VALUTABILE, Status.DA_VERIFICARE

FINAL = "finale"
LEVELS = ("ente", "linea", "obiettivo", "risultato")
# the Storico's row holding, per period, a fingerprint of the monthly data up to that month: a
# closed period whose data change afterwards is reported on every run, not only when re-run
FINGERPRINT_KEY = ("dati", "impronta")
FINGERPRINT_TITLE = "Impronta dei dati mensili fino al periodo (per i periodi chiusi)"
Snapshot = dict[tuple[str, str], tuple[float | None, str]]  # (level, code) -> (grado in points, status)


@dataclass
class History:
    periods: list[str] = field(default_factory=list)  # sorted, "AAAA-MM" (and "finale" last)
    nodes: list[tuple[str, str, str]] = field(default_factory=list)  # (level, code, title), in sheet order
    # fractions as the sheet holds them (1 = 100%), so an untouched period is written back unchanged
    grado: dict[tuple[str, str], dict[str, float | None]] = field(default_factory=dict)
    status: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)  # period -> data_fingerprint at its run
    # False when the recorded grado and status were not read (a run that writes nothing, see
    # read.load.load_plan): periods, nodes and fingerprints are there, the snapshots are not
    values_read: bool = True
    # cells the office typed in the sheet (not read, not kept): in the header row where a period goes,
    # elsewhere where piano-xlsx writes nothing (found in a trial: a note under the table, one between
    # the gradi and the statuses, lost in silence); with their text
    notes: list[tuple[Location, str]] = field(default_factory=list)

    @property
    def latest(self) -> str | None:
        """The last period recorded ('AAAA-MM', or 'finale' for final values), None when empty."""
        months = [p for p in self.periods if p != FINAL]
        return max(months) if months else (FINAL if FINAL in self.periods else None)

    def snapshot(self, period: str) -> Snapshot:
        """(grado in points, status) of every node recorded at the period."""
        out: Snapshot = {}
        for key, by_period in self.status.items():
            if period in by_period:
                fraction = self.grado.get(key, {}).get(period)
                out[key] = (None if fraction is None else fraction * 100, by_period[period])
        return out


@dataclass(frozen=True)
class Change:
    kind: str  # "nuovo-raggiunto", "nuovo-non-raggiunto", "peggiorato", "migliorato", "dato-mancante"
    level: str
    code: str
    title: str
    before: tuple[float | None, str]
    after: tuple[float | None, str]

    @property
    def label(self) -> str:
        """How the change reads in the Riepilogo (the words confronta uses too)."""
        label = change_label(self.kind, self.before[1], self.after[1])
        assert label is not None  # diff() makes only kinds that have words
        return label

    def describe(self, decimals: int = 2) -> str:
        b, a = self.before, self.after
        return f"{pct(b[0], decimals)} ({b[1]}) -> {pct(a[0], decimals)} ({a[1]})"


CHANGE_LABELS = {"nuovo-raggiunto": "ora raggiunto", "nuovo-non-raggiunto": "non più raggiunto",
                 "peggiorato": "peggiorato", "migliorato": "migliorato", "dato-mancante": "dato ora mancante"}
# the labels that read as bad news (coloured red in the Riepilogo)
BAD_LABELS = ("non più raggiunto", "ora non raggiunto", "peggiorato", "dato ora mancante", "ora da verificare")


def change_label(kind: str, before_status: str | None, after_status: str | None) -> str | None:
    """The words for a change of status or grado, shared by the Riepilogo and confronta; None
    for a kind that has none."""
    if kind == "nuovo-non-raggiunto":
        return "non più raggiunto" if before_status == RAGGIUNTO else "ora non raggiunto"
    if kind == "dato-mancante":
        return "ora da verificare" if after_status == DA_VERIFICARE else "dato ora mancante"
    return CHANGE_LABELS.get(kind)


def period_key(period: str | None) -> str:
    return period or FINAL


def _sort_periods(periods: Iterable[str]) -> list[str]:
    return sorted(set(periods), key=lambda p: (p == FINAL, p))


def current_snapshot(outcome: Outcome) -> tuple[list[tuple[str, str, str]], Snapshot]:
    nodes = [("ente", "ente", "Obiettivi raggiunti (quota)")]
    body = outcome.body  # during the year the prerequisite is not met yet, not failed
    snap: Snapshot = {("ente", "ente"): (body.share, RAGGIUNTO if body.prerequisite_met else
                                DA_VERIFICARE if body.undecided or body.unverifiable else
                                IN_CORSO if body.during_year else NON_RAGGIUNTO)}
    for level, items in (("linea", outcome.lines), ("obiettivo", outcome.objectives),
                         ("risultato", outcome.results)):
        for code, node in items.items():
            # on one line: the Storico's rows are not fitted to their text (found in a trial: a title on
            # two lines ran over the next row in print); the office's text stays as written in the table
            nodes.append((level, code, " ".join(node.title.split())))
            snap[(level, code)] = (node.grado, node.status)
    return nodes, snap


def data_fingerprint(plan: Plan, period: str) -> str:
    """A fingerprint of the monthly data up to the period (every series' values of those months,
    its kind and prior year): what a closed period's results stand on."""
    parts = []  # hashed at once: the same digest as hashing each piece in turn (as earlier versions did)
    final = period == FINAL
    for code in sorted(plan.series):
        series = plan.series[code]
        values = series.months
        months = sorted(values) if final else sorted(m for m in values if m <= period)
        if not months:  # a series that starts later (or a new one) is not the period's data
            continue
        # 15 significant digits: LibreOffice saves 1/3 as 0.333333333333333 (found in review: every
        # closed period 'changed' after a save in LibreOffice)
        parts.append(f"{code}|{series.cumulative}|{_digits(series.prior_year)}|")
        parts.append("|".join([f"{m}={v:.15g}" if isinstance(v := values[m], float) else f"{m}={v!r}"
                               for m in months]) + "\n")
    return hashlib.sha256("".join(parts).encode()).hexdigest()[:16]


def _digits(value: float | None) -> str:
    return f"{value:.15g}" if isinstance(value, float) else repr(value)


def _changed_closed_periods(history: History, plan: Plan, profile: Profile, current: str) -> list[Finding]:
    """Closed periods whose monthly data differ from those recorded when they were computed: said
    on every run (found in a trial: a correction was reported only when that month was re-run).
    Periods recorded before fingerprints were kept cannot be told."""
    changed = [p for p in history.periods if p in profile.closed_periods and p != current
               and p in history.fingerprints and history.fingerprints[p] != data_fingerprint(plan, p)]
    if not changed:
        return []
    sheet = next(iter(plan.series.values())).location.sheet if plan.series else "Storico"
    return [warning(
        "periodo-chiuso-modificato",
        f"I dati mensili {'del periodo chiuso' if len(changed) == 1 else 'dei periodi chiusi'} "
        f"{', '.join(changed)} sono cambiati dopo il calcolo registrato nello Storico, che non viene riscritto: "
        "i dati passati sono stati corretti dopo la chiusura. Se la correzione va registrata, togliere "
        + ("il periodo da 'Periodi chiusi' e rilanciare il calcolo a quel periodo" if len(changed) == 1 else
           "i periodi da 'Periodi chiusi' e rilanciare il calcolo a quei periodi")
        + "; altrimenti ripristinare i dati.",
        Location(sheet, None))]


def update(history: History, outcome: Outcome,
           plan: Plan | None = None) -> tuple[History, list[Finding], list[Change], str | None]:
    """(new history, findings, changes since the previous period, previous period). With the plan,
    the period's data fingerprint is recorded and closed periods' data are checked."""
    period = period_key(outcome.period)
    profile = outcome.profile
    nodes, snap = current_snapshot(outcome)
    findings: list[Finding] = []
    closed = period in profile.closed_periods and period in history.periods
    if closed and not history.values_read:  # a caller's mistake: the recorded snapshot is needed here
        raise ValueError("the Storico's values were not read, and the period is closed")
    new = History(periods=list(history.periods), nodes=[], grado={k: dict(v) for k, v in history.grado.items()},
                  status={k: dict(v) for k, v in history.status.items()}, fingerprints=dict(history.fingerprints))
    latest = history.latest
    typed = plan is None or any(r.values.get("actual") is not None and r.code not in plan.series
                                for r in plan.results.values())
    if latest not in (None, FINAL) and period != FINAL and period < latest and not closed and typed:
        # the table's actuals have no date: they are today's (found in a trial: March recomputed in
        # December counted a 'SI' typed in July and rewrote March's Storico with it)
        findings.append(warning(
            "periodo-passato",
            f"Il periodo {period} è precedente all'ultimo calcolato ({latest}): i dati mensili si leggono a "
            f"{month_name(period)}, ma i consuntivi scritti nella tabella sono quelli di oggi, anche se scritti "
            f"dopo. Scrivendo il file, lo Storico di {period} registra questi valori: se non è voluto, non "
            "scriverlo (o usare la copia di sicurezza) e chiudere il periodo nelle Impostazioni ('Periodi chiusi').",
            Location("Storico", None)))
    elif latest not in (None, FINAL) and period != FINAL and period < latest and not closed and history.values_read \
            and period in history.periods:
        # a past period computed again with no actual typed in the table: the plan may have changed since
        # (targets, weights revised in July): its record would be rewritten with today's plan without a word
        # (found in a trial: June's Storico rewritten after the July revision, exit 0)
        recorded = history.snapshot(period)
        differing = [key for key, (grado, status) in snap.items()
                     if key in recorded and (not _same(recorded[key][0], grado, profile.decimals)
                                             or recorded[key][1] != status)]
        if differing:
            shown = (", ".join(level if level == code else f"{level} {code}" for level, code in differing[:10])
                     + (" ..." if len(differing) > 10 else ""))
            findings.append(warning(
                "periodo-passato",
                f"Il periodo {period} è precedente all'ultimo calcolato ({latest}) e lo Storico lo aveva registrato "
                f"diversamente per {len(differing)} {'voce' if len(differing) == 1 else 'voci'} ({shown}): il piano, "
                "i dati o le regole sono cambiati da allora (una rimodulazione, ad esempio). Scrivendo il file, lo "
                f"Storico di {period} registra i valori di oggi: se non è voluto, non scriverlo (o usare la copia di "
                "sicurezza) e chiudere il periodo nelle Impostazioni ('Periodi chiusi').", Location("Storico", None)))
    if plan is not None:
        findings += _changed_closed_periods(history, plan, profile, period)
        if not closed and plan.series:  # no monthly data: nothing a period stands on
            new.fingerprints[period] = data_fingerprint(plan, period)
    # nodes: the current plan's, then any recorded node no longer in the plan (kept for the record)
    seen = set()
    for level, code, title in nodes + list(history.nodes):
        if (level, code) not in seen:
            seen.add((level, code))
            new.nodes.append((level, code, title))
    if closed:
        recorded = history.snapshot(period)
        differing = []
        for key, (grado, status) in snap.items():
            old = recorded.get(key)
            if old is None or not _same(old[0], grado, profile.decimals) or old[1] != status:
                differing.append(key)
        if differing:
            shown = (", ".join(level if level == code else f"{level} {code}" for level, code in differing[:10])
                     + (" ..." if len(differing) > 10 else ""))
            same_data = plan is not None and history.fingerprints.get(period) == data_fingerprint(plan, period)
            # the data as recorded: then a rule changed (the settings, or a new version of piano-xlsx;
            # found in review: the mid-year rule of a new version read as 'data corrected')
            why = ("i dati mensili sono quelli di allora: è cambiato un consuntivo scritto nella tabella (quelli "
                   "della tabella sono sempre quelli di oggi) o una regola di calcolo (le Impostazioni o la versione "
                   "di piano-xlsx)" if same_data else
                   "i dati passati sono stati corretti dopo la chiusura, o è cambiato un consuntivo scritto nella "
                   "tabella, o una regola di calcolo (le Impostazioni o la versione di piano-xlsx)")
            findings.append(warning(
                "periodo-chiuso-modificato",
                f"Il periodo {period} è chiuso e lo storico non viene riscritto, ma con i dati e le regole di oggi il "
                f"calcolo cambierebbe per {len(differing)} {'voce' if len(differing) == 1 else 'voci'} ({shown}): "
                f"{why}. Se il nuovo calcolo va registrato, togliere il periodo da 'Periodi chiusi'.",
                Location("Storico", None)))
    else:
        if period not in new.periods:
            new.periods = _sort_periods(new.periods + [period])
        for key in set(new.grado) | set(new.status):
            new.grado.get(key, {}).pop(period, None)
            new.status.get(key, {}).pop(period, None)
        for key, (grado, status) in snap.items():
            new.grado.setdefault(key, {})[period] = None if grado is None else grado / 100
            new.status.setdefault(key, {})[period] = status
    previous = previous_period(new.periods, period)
    changes = diff(new.snapshot(previous), new.snapshot(period), {(l, c): t for l, c, t in new.nodes},
                   profile.decimals) if previous else []
    return new, findings, changes, previous


def own_period(plan: Plan) -> str | None:
    """The month a file's own results are at: the period of its last run (its hidden name), when
    the Storico recorded it, else the latest the Storico recorded; None when it has none (then the
    latest month with data). What confronta and dividi compute a file at when no period is asked
    (found in a trial: dividi sent July's figures from a file computed in June; and split at July a
    file computed afterwards with final values: the Storico holds periods without their order)."""
    recorded = plan.history.periods if plan.history is not None else []
    if plan.run_period is not None and plan.run_period in recorded:
        latest: str | None = plan.run_period
    else:  # no name, or one the Storico does not back (the sheet deleted, a name edited): review
        latest = plan.history.latest if plan.history is not None else None
    year = plan.profile.anno
    if latest in (None, FINAL) or (year and not latest.startswith(f"{year}-")):
        return None  # a Storico of another year (last year's file copied): the data decide
    return latest


def findings_of(plan: Plan, outcome: Outcome) -> list[Finding]:
    """What updating the Storico would report (closed periods whose data changed, a past period),
    for a run that writes nothing (calcola --json, verifica): scripts see it too (found in a trial:
    the closed-period warning reached only runs that wrote the file)."""
    return update(plan.history or History(), outcome, plan)[1]


def previous_period(periods: list[str], period: str) -> str | None:
    """The period the changes of ``period`` are measured from: the latest month before it."""
    earlier = [p for p in periods if p != FINAL and p < period] if period != FINAL else \
        [p for p in periods if p != FINAL]
    return max(earlier) if earlier else None


def grado_moved(old: float, new: float, decimals: int) -> int:
    """-1 down, +1 up, 0 the same, as the two gradi are shown (rounded to the decimals): the one rule
    for 'peggiorato' / 'migliorato' of the Riepilogo, the Storico and confronta (found in review:
    with 3 decimals 80,000% -> 80,001% was 'migliorato' in the Riepilogo and no change in confronta)."""
    diff = rounded(new, decimals) - rounded(old, decimals)
    return 1 if diff > 0 else -1 if diff < 0 else 0


def _same(a: float | None, b: float | None, decimals: int) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return grado_moved(a, b, decimals) == 0


def diff(before: Snapshot, after: Snapshot, titles: dict[tuple[str, str], str], decimals: int) -> list[Change]:
    """What moved between two snapshots, in the order people care about."""
    out: list[Change] = []
    for key, (grado, status) in after.items():
        if key not in before:
            continue
        old_grado, old_status = before[key]
        level, code = key
        kind = None
        if status == RAGGIUNTO and old_status != RAGGIUNTO and old_status:
            kind = "nuovo-raggiunto"
        elif (old_status == RAGGIUNTO and status not in (RAGGIUNTO, NON_VALUTABILE, DA_VERIFICARE)) or \
                (status == NON_RAGGIUNTO and old_status != NON_RAGGIUNTO and old_status):
            kind = "nuovo-non-raggiunto"  # left 'raggiunto', or became 'non raggiunto' (as confronta)
        elif grado is None and old_grado is not None:
            kind = "dato-mancante"
        elif grado is not None and old_grado is not None and grado_moved(old_grado, grado, decimals):
            kind = "peggiorato" if grado_moved(old_grado, grado, decimals) < 0 else "migliorato"
        if kind:
            out.append(Change(kind, level, code, titles.get(key, ""), (old_grado, old_status), (grado, status)))
    order = {"nuovo-non-raggiunto": 0, "peggiorato": 1, "dato-mancante": 2, "nuovo-raggiunto": 3, "migliorato": 4}
    level_order = {lvl: i for i, lvl in enumerate(LEVELS)}
    out.sort(key=lambda c: (order[c.kind], level_order.get(c.level, 9)))
    return out
