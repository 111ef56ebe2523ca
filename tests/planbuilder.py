"""Build a Plan in memory (no workbook) for the computation's unit tests."""

from __future__ import annotations

from dataclasses import replace

from piano_xlsx.core.findings import Location
from piano_xlsx.core.model import IndividualObjective, Line, Objective, Plan, Result, Series, Value
from piano_xlsx.core.settings import Profile
from piano_xlsx.core.targets import parse_target


def loc(cell="A1"):
    return Location("Piano", cell)


def make_plan(spec: dict, *, profile: Profile | None = None, year: int = 2018, series=None,
              individuals=None, lines=None) -> Plan:
    """spec: {objective_code: [(result_code, target_text, actual, weight, extra_values_dict?), ...]}.

    A result code with a parent among the objective's codes (2.1.1 under 2.1) becomes its child.
    """
    profile = profile or replace(Profile(), anno=year)
    plan = Plan(file="test.xlsx", sha256="0" * 64, profile=profile)
    for code, title in (lines or {"1": "Linea uno"}).items():
        plan.lines[code] = Line(code, title, loc())
    row = 2
    for obj_code, results in spec.items():
        line_codes = list(plan.lines)[:1]
        if isinstance(results, dict):
            line_codes = results["lines"]
            results = results["results"]
        objective = Objective(obj_code, f"Obiettivo {obj_code}", f"{obj_code}. Obiettivo", loc(), lines=line_codes)
        plan.objectives[obj_code] = objective
        for item in results:
            code, target, actual, weight, *rest = item
            extra = rest[0] if rest else {}
            result = Result(code=code, text=f"{code} risultato", objective=obj_code, location=loc(f"C{row}"),
                            row=row, cell_text=f"{code} risultato")
            if target is not None:
                result.values["target"] = Value(target, loc(f"D{row}"))
                result.target = parse_target(target, year=profile.anno)
            if actual is not None:
                result.values["actual"] = Value(actual, loc(f"E{row}"))
            if weight is not None:
                result.values["weight"] = Value(weight, loc(f"F{row}"))
                result.weight = float(weight)
            for role, raw in extra.items():
                result.values[role] = Value(raw, loc(f"G{row}"))
            parent = next((c for c in _prefixes(code) if c in plan.results), None)
            if parent:
                result.parent = parent
                plan.results[parent].children.append(code)
            else:
                objective.results.append(code)
            plan.results[code] = result
            row += 1
    for code, (cumulative, months, prior) in (series or {}).items():
        plan.series[code] = Series(code, code, cumulative, loc(), prior_year=prior, months=dict(months))
    for person, code, links, link_weights, weight in individuals or []:
        plan.individuals.append(IndividualObjective(person, code, f"Obiettivo {code}", "", loc(),
                                                    objectives=list(links), link_weights=list(link_weights),
                                                    weight=weight))
    return plan


def _prefixes(code: str):
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]
