"""What changed between two versions of the office's workbook (`piano-xlsx confronta`).

The monthly run compares last month's file with this month's. Two kinds of changes:

* **plan changes** (`Comparison.plan_changes`): lines, objectives and results added or
  removed (by code), an objective's weight, a result's target text, weight, owner
  ("Responsabile"), algorithm, other read columns, text or place changed, an objective's text or lines changed, the
  individual objectives added, removed or changed (links, weights, text), and the
  settings of the "Impostazioni" sheet;
* **outcome changes** (`Comparison.outcome_changes`): both plans are computed with
  :func:`piano_xlsx.core.compute.compute` (each at its own last run's period, from its Storico, unless a period is
  given) and, for every result, objective and line present in both, the actual, status
  and grado are compared; then the body ("N su M" and mean grado) and each person
  (status, grado, factor).

Status moves are classified (one entry, kind in parentheses):

* "nuovo-raggiunto": the status became "raggiunto";
* "dato-mancante": it was valued and is now "non valutabile";
* "nuovo-non-raggiunto": it left "raggiunto", or became "non raggiunto";
* "stato-modificato": any other change of status.

Grado moves (a second entry): "migliorato" / "peggiorato" when both are valued and the
grado, rounded to the decimals of the new profile ("Decimali del grado"), went up / down
(history.grado_moved, the Riepilogo's rule too); "grado-modificato" when it is valued on one side only.

Every change is a frozen :class:`Change` with a stable ``kind``; ``as_dict`` gives the
JSON documented in the README. :func:`compare_plans` is pure; reading and computing
the two files is the pipeline's (:func:`piano_xlsx.pipeline.compare_files`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from typing import TypeVar, cast

from .columns import ROLE_BY_ID
from .compute import DA_VERIFICARE, FORCED, NON_RAGGIUNTO, NON_VALUTABILE, RAGGIUNTO, NodeOutcome, Outcome, PersonOutcome
from .period import check_period, month_name
from ..errors import PianoError
from .codes import sort_key
from .history import change_label, grado_moved
from .model import IndividualObjective, Plan, Result, effective_owners, person_key
from .settings import SETTINGS, Profile
from .text import fmt, fold, pct
from .values import forced_grade

JSON_VERSION = 1

K = TypeVar("K")  # a key of the two versions: a code, or (person, code) for individual objectives

# plan changes
LINEA_AGGIUNTA, LINEA_RIMOSSA = "linea-aggiunta", "linea-rimossa"
OBIETTIVO_AGGIUNTO, OBIETTIVO_RIMOSSO = "obiettivo-aggiunto", "obiettivo-rimosso"
RISULTATO_AGGIUNTO, RISULTATO_RIMOSSO = "risultato-aggiunto", "risultato-rimosso"
RISULTATO_SPOSTATO = "risultato-spostato"
TARGET_MODIFICATO = "target-modificato"
PESO_MODIFICATO = "peso-modificato"
RESPONSABILE_MODIFICATO = "responsabile-modificato"
ALGORITMO_MODIFICATO = "algoritmo-modificato"
VALORE_MODIFICATO = "valore-modificato"
TESTO_MODIFICATO = "testo-modificato"
LINEE_MODIFICATE = "linee-modificate"
INDIVIDUALE_AGGIUNTO = "obiettivo-individuale-aggiunto"
INDIVIDUALE_RIMOSSO = "obiettivo-individuale-rimosso"
INDIVIDUALE_MODIFICATO = "obiettivo-individuale-modificato"
IMPOSTAZIONE_MODIFICATA = "impostazione-modificata"
DATI_MENSILI_MODIFICATI = "dati-mensili-modificati"
# outcome changes
CONSUNTIVO_MODIFICATO = "consuntivo-modificato"
STATO_MODIFICATO = "stato-modificato"
NUOVO_RAGGIUNTO = "nuovo-raggiunto"
NUOVO_NON_RAGGIUNTO = "nuovo-non-raggiunto"
DATO_MANCANTE = "dato-mancante"
GRADO_MODIFICATO = "grado-modificato"
MIGLIORATO = "migliorato"
PEGGIORATO = "peggiorato"
ENTE_MODIFICATO = "ente-modificato"
FATTORE_MODIFICATO = "fattore-modificato"

PLAN_KINDS = (LINEA_AGGIUNTA, LINEA_RIMOSSA, OBIETTIVO_AGGIUNTO, OBIETTIVO_RIMOSSO, RISULTATO_AGGIUNTO,
              RISULTATO_RIMOSSO, RISULTATO_SPOSTATO, TARGET_MODIFICATO, PESO_MODIFICATO, RESPONSABILE_MODIFICATO,
              ALGORITMO_MODIFICATO, VALORE_MODIFICATO, TESTO_MODIFICATO, LINEE_MODIFICATE, INDIVIDUALE_AGGIUNTO,
              INDIVIDUALE_RIMOSSO, INDIVIDUALE_MODIFICATO, IMPOSTAZIONE_MODIFICATA, DATI_MENSILI_MODIFICATI)
OUTCOME_KINDS = (CONSUNTIVO_MODIFICATO, STATO_MODIFICATO, NUOVO_RAGGIUNTO, NUOVO_NON_RAGGIUNTO, DATO_MANCANTE,
                 GRADO_MODIFICATO, MIGLIORATO, PEGGIORATO, ENTE_MODIFICATO, FATTORE_MODIFICATO)

_LEVEL_LABEL = {"linea": "Linea", "obiettivo": "Obiettivo", "risultato": "Risultato",
                "individuale": "Obiettivo individuale", "impostazione": "Impostazione", "ente": "Ente",
                "persona": "Persona", "dati": "Dati mensili"}
# result columns compared as "valore-modificato" (the others have their own kind, or are not plan data)
_OTHER_ROLES = ("unit", "deadline", "baseline", "series", "override", "override_note", "polarity")


class NotComparable(PianoError):
    """A readable workbook that holds no linkage table: there is no plan to compare."""

    exit_code = 2


@dataclass(frozen=True)
class Change:
    """One difference between the two versions.

    ``kind`` is a stable code (see PLAN_KINDS and OUTCOME_KINDS); ``level`` is "linea",
    "obiettivo", "risultato", "individuale", "impostazione", "ente" or "persona"; ``code``
    the node's code (the person's name for "persona", the setting's label for
    "impostazione", "ente" for the body); ``aspect`` what changed ("grado", "stato",
    "target", "peso", ...); ``old``/``new`` the values (None when absent); ``message`` one
    Italian line with the code and old -> new; ``person`` the person of an individual
    objective.
    """

    kind: str
    level: str
    code: str
    aspect: str
    old: object = None
    new: object = None
    message: str = ""
    person: str | None = None

    def as_dict(self) -> dict:
        return {"tipo": self.kind, "livello": self.level, "codice": self.code, "persona": self.person,
                "campo": self.aspect, "prima": _plain(self.old), "dopo": _plain(self.new),
                "messaggio": self.message}


@dataclass(frozen=True)
class Side:
    """One of the two versions: the file as given, its SHA-256, the period it was computed at."""

    file: str
    sha256: str
    period: str | None
    errors: int = 0

    def as_dict(self) -> dict:
        return {"file": self.file, "sha256": self.sha256, "periodo": self.period, "errori": self.errors}


@dataclass(frozen=True)
class Comparison:
    old: Side
    new: Side
    plan_changes: tuple[Change, ...] = field(default_factory=tuple)
    outcome_changes: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def equal(self) -> bool:
        return not self.plan_changes and not self.outcome_changes

    def changes(self) -> list[Change]:
        return list(self.plan_changes) + list(self.outcome_changes)

    def as_dict(self) -> dict:
        return {
            "versione_formato": JSON_VERSION,
            "vecchio": self.old.as_dict(),
            "nuovo": self.new.as_dict(),
            "uguali": self.equal,
            "modifiche_piano": [c.as_dict() for c in self.plan_changes],
            "modifiche_risultati": [c.as_dict() for c in self.outcome_changes],
        }


# --------------------------------------------------------------------------- entry point


def compare_plans(old_plan: Plan, old_outcome: Outcome, new_plan: Plan, new_outcome: Outcome) -> Comparison:
    """Pure: the plan changes and the outcome changes from the old version to the new one."""
    plan_changes = _plan_changes(old_plan, new_plan)
    outcome_changes = _outcome_changes(old_plan, old_outcome, new_plan, new_outcome)
    return Comparison(Side(old_plan.file, old_plan.sha256, old_outcome.period),
                      Side(new_plan.file, new_plan.sha256, new_outcome.period),
                      tuple(plan_changes), tuple(outcome_changes))


# --------------------------------------------------------------------------- plan changes


def _plan_changes(old: Plan, new: Plan) -> list[Change]:
    out: list[Change] = []
    # strategic lines
    for code in _union(old.lines, new.lines):
        la, lb = old.lines.get(code), new.lines.get(code)
        if la is None:
            assert lb is not None  # the code is in one of the two versions at least
            out.append(_change(LINEA_AGGIUNTA, "linea", code, "linea", None, lb.title,
                               f"aggiunta ({_quote(lb.title)})"))
        elif lb is None:
            out.append(_change(LINEA_RIMOSSA, "linea", code, "linea", la.title, None,
                               f"rimossa ({_quote(la.title)})"))
        elif _norm(la.title) != _norm(lb.title):
            out.append(_text_change("linea", code, la.title, lb.title))
    # entity objectives
    for code in _union(old.objectives, new.objectives):
        oa, ob = old.objectives.get(code), new.objectives.get(code)
        if oa is None:
            assert ob is not None  # the code is in one of the two versions at least
            out.append(_change(OBIETTIVO_AGGIUNTO, "obiettivo", code, "obiettivo", None, ob.title,
                               f"aggiunto ({_quote(ob.title)})"))
            continue
        if ob is None:
            out.append(_change(OBIETTIVO_RIMOSSO, "obiettivo", code, "obiettivo", oa.title, None,
                               f"rimosso ({_quote(oa.title)})"))
            continue
        if _norm(oa.text) != _norm(ob.text):
            out.append(_text_change("obiettivo", code, oa.text, ob.text))
        if not _same_number(oa.weight, ob.weight):
            # the objective's weight in the body's mean ('Peso obiettivo'; found in a trial: unsaid
            # while the mean changed)
            out.append(_change(PESO_MODIFICATO, "obiettivo", code, "peso", oa.weight, ob.weight,
                               f"peso {_num(oa.weight)} -> {_num(ob.weight)}"))
        if list(oa.lines) != list(ob.lines):
            out.append(_change(LINEE_MODIFICATE, "obiettivo", code, "linee", tuple(oa.lines), tuple(ob.lines),
                               f"linee {_codes(oa.lines)} -> {_codes(ob.lines)}"))
    # results
    owners_a, owners_b = effective_owners(old), effective_owners(new)
    shares_a, shares_b = _weight_shares(old), _weight_shares(new)
    for code in _union(old.results, new.results):
        ra, rb = old.results.get(code), new.results.get(code)
        if ra is None:
            assert rb is not None  # the code is in one of the two versions at least
            out.append(_change(RISULTATO_AGGIUNTO, "risultato", code, "risultato", None, rb.text,
                               f"aggiunto all'obiettivo {rb.objective} ({_quote(rb.text)})"))
            continue
        if rb is None:
            out.append(_change(RISULTATO_RIMOSSO, "risultato", code, "risultato", ra.text, None,
                               f"rimosso dall'obiettivo {ra.objective} ({_quote(ra.text)})"))
            continue
        out.extend(_result_changes(code, ra, rb, shares_a.get(code), shares_b.get(code),
                                   (owners_a.get(code, []), owners_b.get(code, []))))
    # individual objectives
    out.extend(_individual_changes(old, new))
    # settings
    out.extend(_settings_changes(old.profile, new.profile))
    out.extend(_series_changes(old, new))
    return out


def _series_changes(old: Plan, new: Plan) -> list[Change]:
    """The monthly data that differ, one change per month: values new, changed or removed, with the
    codes (found in review: June's data added to May's file were no change, each version being
    compared at the period of its Storico)."""
    by_month: dict[str, dict[str, list]] = {}
    for code in sorted(set(old.series) | set(new.series), key=sort_key):
        a = old.series[code].months if code in old.series else {}
        b = new.series[code].months if code in new.series else {}
        for month in set(a) | set(b):
            before, after = a.get(month), b.get(month)
            if before is not None and after is not None and _same_actual(before, after):
                continue
            kind = "nuovi" if before is None else "tolti" if after is None else "modificati"
            by_month.setdefault(month, {}).setdefault(kind, []).append((code, before, after))
    out = []
    for month in sorted(by_month):
        parts, counts = [], {}
        for kind in ("nuovi", "modificati", "tolti"):
            items = by_month[month].get(kind, [])
            if not items:
                continue
            counts[kind] = len(items)
            shown = ", ".join(f"{c} {_num(x)} -> {_num(y)}" if kind == "modificati" else c for c, x, y in items[:6])
            more = f" e altri {len(items) - 6}" if len(items) > 6 else ""
            word = {"nuovi": ("nuovo", "nuovi"), "modificati": ("modificato", "modificati"),
                    "tolti": ("tolto", "tolti")}[kind][len(items) > 1]
            parts.append(f"{len(items)} {'valore' if len(items) == 1 else 'valori'} {word} ({shown}{more})")
        out.append(Change(DATI_MENSILI_MODIFICATI, "dati", month, "dati mensili", None, counts,
                          f"Dati mensili di {month_name(month)}: {'; '.join(parts)}"))
    return out


def _weight_shares(plan: Plan) -> dict[str, float | None]:
    """Each result's weight as a share of its siblings' (the computation normalises them): 40 of 100 and
    0,4 of 1 are the same weight (found in a trial: weights retyped as fractions were 'peso 40 -> 0,4').
    The weight as written where a sibling has none."""
    groups = [[plan.results[c] for c in r.children if c in plan.results] for r in plan.results.values() if r.children]
    groups += [[plan.results[c] for c in o.results if c in plan.results] for o in plan.objectives.values()]
    out: dict[str, float | None] = {code: r.weight for code, r in plan.results.items()}
    for siblings in groups:
        weights = [r.weight for r in siblings]
        total = sum(w for w in weights if w is not None)
        if weights and all(w is not None for w in weights) and total:
            out.update({r.code: r.weight / total for r in siblings if r.weight is not None})
    return out


def _result_changes(code: str, a: Result, b: Result, share_a: float | None = None,
                    share_b: float | None = None, owners: tuple[list[str], list[str]] = ([], [])) -> list[Change]:
    out = []
    if a.objective != b.objective:
        out.append(_change(RISULTATO_SPOSTATO, "risultato", code, "obiettivo", a.objective, b.objective,
                           f"spostato dall'obiettivo {a.objective} all'obiettivo {b.objective}"))
    elif a.parent != b.parent:
        out.append(_change(RISULTATO_SPOSTATO, "risultato", code, "risultato_padre", a.parent, b.parent,
                           f"risultato di livello superiore {a.parent or '-'} -> {b.parent or '-'}"))
    if _norm(a.text) != _norm(b.text):
        out.append(_text_change("risultato", code, a.text, b.text))
    ta, tb = _target_text(a), _target_text(b)
    if _norm(ta) != _norm(tb):
        out.append(_change(TARGET_MODIFICATO, "risultato", code, "target", ta, tb,
                           f"target {_quote(ta)} -> {_quote(tb)}"))
    if not _same_number(a.weight, b.weight) and not (share_a is not None and _same_number(share_a, share_b)):
        out.append(_change(PESO_MODIFICATO, "risultato", code, "peso", a.weight, b.weight,
                           f"peso {_num(a.weight)} -> {_num(b.weight)}"))
    oa, ob = _raw_text(a.value("owner")), _raw_text(b.value("owner"))
    # the owners as dividi reads them: 'UFFICIO A' is 'Ufficio A', 'A; B' is 'B; A' (found in review)
    if {fold(n) for n in owners[0]} != {fold(n) for n in owners[1]} and _norm(oa) != _norm(ob):
        out.append(_change(RESPONSABILE_MODIFICATO, "risultato", code, "responsabile", oa, ob,
                           f"responsabile {_quote(oa)} -> {_quote(ob)}"))
    fa, fb = _raw_text(a.value("formula")), _raw_text(b.value("formula"))
    if _norm(fa) != _norm(fb):
        out.append(_change(ALGORITMO_MODIFICATO, "risultato", code, "algoritmo", fa, fb,
                           f"algoritmo {_quote(fa)} -> {_quote(fb)}"))
    for role in _OTHER_ROLES:
        va, vb = a.value(role), b.value(role)
        if not _same_raw(va, vb):
            label = ROLE_BY_ID[role].header or ROLE_BY_ID[role].name.capitalize()
            if role == "override":
                # a forced grade as it is read: '100%' typed is 100%, not 1 (found in a trial), in points in the JSON
                ga, gb = (forced_grade(side.values.get(role), code, math.inf).value for side in (a, b))
                if ga is not None and ga == gb:
                    continue  # 1 formatted as % and '100%' typed: the same grado (found in review)
                out.append(_change(VALORE_MODIFICATO, "risultato", code, label, ga, gb,
                                   f"{label.lower()} {_show_grade(ga, va)} -> {_show_grade(gb, vb)}"))
                continue
            out.append(_change(VALORE_MODIFICATO, "risultato", code, label, _raw_plain(va), _raw_plain(vb),
                               f"{label.lower()} {_show_raw(va)} -> {_show_raw(vb)}"))
    return out


def _show_grade(grade: float | None, raw) -> str:
    return pct(grade) if grade is not None else _show_raw(raw)


def _individual_key(plan: Plan) -> dict[tuple[str, str], IndividualObjective]:
    keyed: dict[tuple[str, str], IndividualObjective] = {}
    for ind in plan.individuals:
        # a person retyped with other capitals or spaces is the same (found in a trial: 'aggiunto' and 'rimosso')
        key, n = (person_key(ind.person), ind.code), 2
        while key in keyed:  # the same code twice for a person: keep both, in order
            key, n = (person_key(ind.person), f"{ind.code} ({n})"), n + 1
        keyed[key] = ind
    return keyed


def _individual_changes(old: Plan, new: Plan) -> list[Change]:
    out = []
    a_all, b_all = _individual_key(old), _individual_key(new)
    for key in _union(a_all, b_all):
        code = key[1]
        a, b = a_all.get(key), b_all.get(key)
        either = b if b is not None else a
        assert either is not None  # the key is in one of the two versions at least
        person = either.person  # as the newer version writes it

        def change(kind, aspect, before, after, what):
            return Change(kind, "individuale", code, aspect, before, after,
                          f"Obiettivo individuale {code} di {person}: {what}", person)

        if a is None:
            assert b is not None  # the key is in one of the two versions at least
            out.append(change(INDIVIDUALE_AGGIUNTO, "obiettivo_individuale", None, b.title,
                              f"aggiunto ({_quote(b.title)}), collegato a {_codes(b.objectives)}"))
            continue
        if b is None:
            out.append(change(INDIVIDUALE_RIMOSSO, "obiettivo_individuale", a.title, None,
                              f"rimosso ({_quote(a.title)})"))
            continue
        if list(a.objectives) != list(b.objectives):
            out.append(change(INDIVIDUALE_MODIFICATO, "collegamenti", tuple(a.objectives), tuple(b.objectives),
                              f"obiettivi di ente collegati {_codes(a.objectives)} -> {_codes(b.objectives)}"))
        wa, wb = _link_weights(a.link_weights), _link_weights(b.link_weights)
        if len(wa) != len(wb) or not all(_same_number(x, y) for x, y in zip(wa, wb)):
            out.append(change(INDIVIDUALE_MODIFICATO, "pesi_collegamenti", wa, wb,
                              f"pesi dei collegamenti {_weights(wa)} -> {_weights(wb)}"))
        if not _same_number(a.weight, b.weight):
            out.append(change(INDIVIDUALE_MODIFICATO, "peso", a.weight, b.weight,
                              f"peso {_num(a.weight)} -> {_num(b.weight)}"))
        if _norm(a.text) != _norm(b.text):
            out.append(change(INDIVIDUALE_MODIFICATO, "testo", a.text, b.text,
                              f"testo {_quote(a.text)} -> {_quote(b.text)}"))
    return out


def _settings_changes(a: Profile, b: Profile) -> list[Change]:
    out = []
    for setting in SETTINGS:
        va, vb = _setting_value(setting, a), _setting_value(setting, b)
        if va != vb:
            out.append(Change(IMPOSTAZIONE_MODIFICATA, "impostazione", setting.label, "valore", va, vb,
                              f"Impostazione '{setting.label}': {_show_setting(setting, va)} -> "
                              f"{_show_setting(setting, vb)}"))
    return out


def _setting_value(setting, profile: Profile):
    """The setting as a JSON-friendly value: numbers for percentages and numbers, Italian text for
    the structured ones (bands, ranges, periods)."""
    if setting.kind == "late":
        if profile.late_bands:
            return "; ".join(f"{days} gg = {pct(g)}" for days, g in profile.late_bands)
        return profile.late_grado
    value = getattr(profile, setting.attr)
    if setting.kind == "threshold" and getattr(profile, "achieved_strict" if setting.attr == "threshold_achieved"
                                               else "partial_strict"):
        return f"> {pct(value)}"  # a threshold to exceed: a change from '>= 90%' is a change
    if setting.kind == "bands":
        return "; ".join(f"{pct(g)} = {fmt(f)}" for g, f in value)
    if setting.kind == "range":
        return f"{pct(value[0])} - {pct(value[1])}"
    if setting.kind == "periods":
        return "; ".join(value)
    return value


def _show_setting(setting, value) -> str:
    if value is None or value == "":
        return EMPTY
    if setting.kind in ("percent", "threshold", "share", "late") and isinstance(value, (int, float)):
        return pct(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and setting.kind != "year":
        return fmt(value)
    return str(value)


# --------------------------------------------------------------------------- outcome changes


def _outcome_changes(old_plan: Plan, old: Outcome, new_plan: Plan, new: Outcome) -> list[Change]:
    decimals = new.profile.decimals
    out: list[Change] = []
    for code in sorted(new.results, key=sort_key):
        b = new.results[code]
        a = old.results.get(code)
        if a is None:
            continue
        unit_a = _unit(old_plan, code)
        unit_b = _unit(new_plan, code)
        if FORCED in (a.rule, b.rule) and (a.actual is None or b.actual is None):
            # a forced grado reads no actual: the cells say what changed (found in a trial: '160 -> (vuoto)' for
            # an actual not touched; in review: 160 -> 175 unsaid when both grados were forced)
            ra, rb = old_plan.results[code].value("actual"), new_plan.results[code].value("actual")
            if not _same_raw(ra, rb):
                out.append(_change(CONSUNTIVO_MODIFICATO, "risultato", code, "consuntivo", _raw_plain(ra),
                                   _raw_plain(rb), f"consuntivo {_show_raw(ra)} -> {_show_raw(rb)}"))
        elif not _same_actual(a.actual, b.actual):
            out.append(_change(CONSUNTIVO_MODIFICATO, "risultato", code, "consuntivo", a.actual, b.actual,
                               f"consuntivo {_show_actual(a.actual, unit_a)} -> {_show_actual(b.actual, unit_b)}"))
        changes = _node_changes("risultato", code, a, b, old.profile.decimals, decimals)
        ta, tb = old_plan.results[code].text, new_plan.results[code].text
        if changes and _norm(ta) != _norm(tb):
            # the code names another indicator now (renumbered after an insertion: found in a trial, 'migliorato'
            # where nothing changed): the change is said with that warning
            other = " (attenzione: il testo del risultato è cambiato, può essere un altro indicatore con lo stesso codice)"
            changes = [replace(c, message=c.message + other) for c in changes]
        out.extend(changes)
    for level, old_nodes, new_nodes in (("obiettivo", old.objectives, new.objectives),
                                        ("linea", old.lines, new.lines)):
        for code in sorted(new_nodes, key=sort_key):
            b, a = new_nodes[code], old_nodes.get(code)
            if a is not None:
                out.extend(_node_changes(level, code, a, b, old.profile.decimals, decimals))
    out.extend(_body_changes(old, new, decimals))
    old_persons = {person_key(p.person): p for p in old.persons}
    for pb in new.persons:
        pa = old_persons.get(person_key(pb.person))
        if pa is None:
            continue
        out.extend(_node_changes("persona", pb.person, pa, pb, old.profile.decimals, decimals))
        if not _same_number(pa.factor, pb.factor):
            out.append(_change(FATTORE_MODIFICATO, "persona", pb.person, "fattore", pa.factor, pb.factor,
                               f"fattore di valutazione {_grado_text(pa.factor)} -> {_grado_text(pb.factor)}"))
    return out


def _status_kind(a_status: str, a_valued: bool, b_status: str, b_valued: bool) -> str:
    if a_valued and not b_valued and b_status in (NON_VALUTABILE, DA_VERIFICARE):
        return DATO_MANCANTE  # 'dato ora mancante' or 'ora da verificare', as in the Riepilogo
    if b_status == RAGGIUNTO:
        return NUOVO_RAGGIUNTO
    if a_status == RAGGIUNTO or b_status == NON_RAGGIUNTO:
        return NUOVO_NON_RAGGIUNTO
    return STATO_MODIFICATO


def _note(kind: str, before_status: str, after_status: str) -> str:
    """' (non più raggiunto)': the Riepilogo's words for the change, where the line needs them."""
    label = change_label(kind, before_status, after_status)
    return f" ({label})" if label else ""


def _node_changes(level: str, code: str, a: NodeOutcome | PersonOutcome, b: NodeOutcome | PersonOutcome,
                  old_decimals: int, decimals: int) -> list[Change]:
    """Status then grado of a node (NodeOutcome or PersonOutcome) present in both versions."""
    out = []
    a_valued, b_valued = a.grado is not None, b.grado is not None
    if a.status != b.status:
        kind = _status_kind(a.status, a_valued, b.status, b_valued)
        note = _note(kind, a.status, b.status)
        out.append(_change(kind, level, code, "stato", a.status, b.status,
                           f"stato {a.status} -> {b.status}{note}"))
    grado_kind: str | None = None
    if a.grado is not None and b.grado is not None:  # a_valued and b_valued
        moved = grado_moved(a.grado, b.grado, decimals)
        grado_kind = PEGGIORATO if moved < 0 else MIGLIORATO if moved > 0 else None
    elif a_valued != b_valued:
        grado_kind = GRADO_MODIFICATO
    if grado_kind is not None:
        note = _note(grado_kind, a.status, b.status)
        out.append(_change(grado_kind, level, code, "grado", a.grado, b.grado,
                           f"grado {_grado(a.grado, old_decimals)} -> {_grado(b.grado, decimals)}{note}"))
    return out


def _body_changes(old: Outcome, new: Outcome, decimals: int) -> list[Change]:
    a, b = old.body, new.body
    out = []
    if (a.achieved, a.total, a.verdict) != (b.achieved, b.total, b.verdict):
        def verdict(body):
            return body.verdict

        if not _same_number(a.prerequisite, b.prerequisite):
            prerequisite = f"prerequisito {pct(a.prerequisite)}: {verdict(a)} -> {pct(b.prerequisite)}: {verdict(b)}"
        elif verdict(a) != verdict(b):
            prerequisite = f"prerequisito {pct(b.prerequisite)}: {verdict(a)} -> {verdict(b)}"
        else:
            prerequisite = f"prerequisito {pct(b.prerequisite)}: {verdict(b)}"
        out.append(_change(ENTE_MODIFICATO, "ente", "ente", "obiettivi_raggiunti", f"{a.achieved} su {a.total}",
                           f"{b.achieved} su {b.total}",
                           f"obiettivi raggiunti {a.achieved} su {a.total} = {_share(a.share, old.profile.decimals)} "
                           f"-> {b.achieved} su {b.total} = {_share(b.share, decimals)} ({prerequisite})"))
    a_valued, b_valued = a.mean_grado is not None, b.mean_grado is not None
    moved = (grado_moved(a.mean_grado, b.mean_grado, decimals)
             if a.mean_grado is not None and b.mean_grado is not None else 0)
    if (a_valued != b_valued) or moved:
        note = " (peggiorato)" if moved < 0 else " (migliorato)" if moved > 0 else ""
        out.append(_change(ENTE_MODIFICATO, "ente", "ente", "grado_medio", a.mean_grado, b.mean_grado,
                           f"grado medio degli obiettivi {_grado(a.mean_grado, old.profile.decimals)} -> "
                           f"{_grado(b.mean_grado, decimals)}{note}"))
    return out


def _share(share: float, decimals: int) -> str:
    return pct(share, 0 if float(share).is_integer() else decimals)


# --------------------------------------------------------------------------- helpers


def _change(kind: str, level: str, code: str, aspect: str, old, new, what: str) -> Change:
    label = _LEVEL_LABEL[level]
    where = label if level == "ente" else f"{label} {code}"
    return Change(kind, level, code, aspect, old, new, f"{where}: {what}")


def _text_change(level: str, code: str, old: str, new: str) -> Change:
    return _change(TESTO_MODIFICATO, level, code, "testo", old, new, f"testo {_quote(old)} -> {_quote(new)}")


def _union(a: Iterable[K], b: Collection[K]) -> list[K]:
    """Keys of both versions in natural order (1.2 before 10.1; found in a trial: text order), the new
    version's order kept for keys that are not codes."""
    keys = list(b) + [k for k in a if k not in b]
    if all(isinstance(k, str) for k in keys):
        return sorted(keys, key=lambda k: sort_key(cast(str, k)))  # every key is a code: checked just above
    return keys


def _norm(text) -> str:
    return " ".join(str(text).split()) if text is not None else ""


EMPTY = "(vuoto)"  # an empty cell
NONE = "(nessuno)"  # no grado, no factor


def _grado(value, decimals: int) -> str:
    return NONE if value is None else pct(value, decimals)


def _grado_text(value) -> str:
    return NONE if value is None else fmt(value)


def _num(value) -> str:
    return EMPTY if value is None else fmt(value)


def _quote(text, limit: int = 60) -> str:
    if text is None or text == "":
        return EMPTY
    flat = _norm(text)
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"'{flat}'"


def _codes(codes) -> str:
    return ", ".join(codes) if codes else NONE


def _link_weights(weights) -> tuple:
    """No weight on any link (equal weights) is the same however many links there are."""
    return () if all(w is None for w in weights) else tuple(weights)


def _weights(weights) -> str:
    return "; ".join(_num(w) for w in weights) if weights else "(uguali)"


def _target_text(result) -> str | None:
    if result.target is not None:
        return result.target.text
    return _raw_text(result.value("target"))


def _raw_text(raw) -> str | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, (dt.date, dt.datetime)):
        return fmt(raw)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _raw_plain(raw):
    if isinstance(raw, str) and not raw.strip():
        return None
    if isinstance(raw, dt.datetime):
        return raw.date() if raw.time() == dt.time(0) else raw
    return raw


def _same_raw(a, b) -> bool:
    a, b = _raw_plain(a), _raw_plain(b)
    if _is_number(a) and _is_number(b):
        return _same_number(a, b)
    if isinstance(a, str) and isinstance(b, str):
        return _norm(a) == _norm(b)
    return a == b


def _show_raw(raw) -> str:
    raw = _raw_plain(raw)
    if raw is None:
        return EMPTY
    if isinstance(raw, (dt.date, bool)) or _is_number(raw):
        return fmt(raw)
    return _quote(raw)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)), abs(float(b)))


def _same_actual(a, b) -> bool:
    """Equal as shown (six decimals): '0,629032 -> 0,629032' is not a change (found in a trial)."""
    if _is_number(a) and _is_number(b):
        return _same_number(a, b) or round(float(a), 6) == round(float(b), 6)
    return a == b


def _unit(plan: Plan, code: str) -> str | None:
    result = plan.results.get(code)
    return result.target.unit if result is not None and result.target is not None else None


def _show_actual(value, unit: str | None) -> str:
    if value is None:
        return EMPTY
    if _is_number(value) and unit == "percent":
        return f"{fmt(value)}%"
    return fmt(value)


def _plain(v):
    """JSON-friendly: dates as AAAA-MM-GG, tuples as lists, floats rounded to 6 decimals."""
    if isinstance(v, dt.datetime):
        return v.isoformat() if v.time() != dt.time(0) else v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, float):
        return round(v, 6)
    return v


__all__ = ["Change", "Comparison", "Side", "NotComparable", "compare_plans", "check_period",
           "grado_moved", "PLAN_KINDS", "OUTCOME_KINDS", "JSON_VERSION"]
