"""Outcomes as people and scripts read them: a text summary and a stable JSON shape."""

from __future__ import annotations

import textwrap

from .. import __version__
from ..core.codes import sort_key
from ..core.compute import IN_CORSO, Outcome
from ..core.text import fmt, pct
from ..core.findings import Report

JSON_VERSION = 1


def outcome_json(plan, report: Report, outcome: Outcome | None) -> dict:
    """The shape documented in the README ("Formato JSON di calcola")."""
    data = {
        "versione_formato": JSON_VERSION,
        "strumento": f"piano-xlsx {__version__}",
        "file": report.file,
        "sha256": plan.sha256,
        "ente": plan.profile.ente or None,
        "anno": plan.profile.anno,
        "periodo": outcome.period if outcome else None,
        "dati_fino_a": outcome.data_until if outcome else None,
        "valido": report.valid,
        "errori": len(report.errors),
        "avvisi": len(report.warnings),
        "risultato_ente": outcome.body.as_dict() if outcome else None,
        "nodi": [n.as_dict() for n in outcome.nodes()] if outcome else [],
        "individuali": [p.as_dict() for p in outcome.persons] if outcome else [],
        "anomalie": [f.as_dict() for f in report.findings],
    }
    return data


def print_outcome(plan, report: Report, outcome: Outcome, echo=print) -> None:
    p = outcome.profile
    d = p.decimals
    title = " - ".join(x for x in (p.ente, str(p.anno) if p.anno else "") if x)
    echo(f"{report.file}" + (f" ({title})" if title else "")
         + (f", periodo {outcome.period}" if outcome.period else ", valori finali"))
    echo("")
    echo(f"Ente: {outcome.body.text}.")
    if outcome.body.mean_grado is not None:
        valued = sum(1 for node in outcome.objectives.values() if node.grado is not None)
        # over the objectives with a grado only: said when some have none (found in a trial: '100%'
        # over 1 of 4 objectives read as the plan's)
        total = len(outcome.objectives)
        over = "" if valued == total else (f" (sull'unico obiettivo con un grado, su {total})" if valued == 1 else
                                          f" (sui {valued} obiettivi con un grado, su {total})")
        echo(f"Grado medio degli obiettivi: {pct(outcome.body.mean_grado, d)}{over}.")
    echo("")
    # codes as long as they are, up to 28 characters ('UOC Chirurgia generale 1': a unit's own objectives)
    width = max([10] + [min(len(code), 28) for code in outcome.objectives])
    echo(f"{'Obiettivo':{width}} {'Grado':>9}  {'Stato':24} {'Monitoraggio':21} Titolo")
    for node in outcome.objectives.values():
        title = "" if node.title == node.code else " ".join((node.title or "").split())
        title = title if len(title) <= 40 else title[:39] + "…"
        code = node.code if len(node.code) <= width else node.code[:width - 1] + "…"
        echo(f"{code:{width}} {pct(node.grado, d):>9}  {node.status:24} {node.monitoring or '':21} {title}".rstrip())
    if outcome.lines:
        echo("")
        echo(f"{'Linea':10} {'Grado':>9}  {'Stato':24} Titolo")
        for node in outcome.lines.values():
            title = "" if node.title == node.code else node.title
            title = title if len(title) <= 50 else title[:49] + "…"
            code = node.code if len(node.code) <= 10 else node.code[:9] + "…"
            echo(f"{code:10} {pct(node.grado, d):>9}  {node.status:24} {title}")
    if outcome.persons:
        echo("")
        for person in outcome.persons:
            factor = "-" if person.factor is None else f"{person.factor:g}".replace(".", ",")
            provisional = " (provvisorio: obiettivi in corso)" if person.status == IN_CORSO else ""
            echo(f"{person.person}: grado {pct(person.grado, d)}, {person.status}, fattore {factor}{provisional}")
    # 1.3, 2.1 ... 10.1, as the objectives
    unvalued = sorted((n for n in outcome.results.values() if not n.valued and n.reason and n.status != IN_CORSO),
                      key=lambda n: sort_key(n.code))
    if unvalued:
        echo("")
        echo(f"Risultati non calcolati ({len(unvalued)}):")
        for node in unvalued:
            for i, line in enumerate(textwrap.wrap(f"{node.code} ({node.status}): {node.reason}", 92)):
                echo(("  " if i == 0 else "    ") + line)
    open_ = sorted((n for n in outcome.results.values() if not n.valued and n.status == IN_CORSO
                    and not n.children),
                   key=lambda n: sort_key(n.code))
    if open_:
        echo("")
        echo(f"Risultati in corso, ancora senza grado ({len(open_)}):")
        groups: dict[str, list[str]] = {}
        for node in open_:
            deadline = node.inputs.get("scadenza")
            key = f"scadenza {fmt(deadline)}, non ancora conclusi" if deadline is not None else \
                "consuntivo non ancora scritto" if node.actual_missing else (node.reason or "in corso")
            groups.setdefault(key, []).append(node.code)
        for key, codes in groups.items():
            for i, line in enumerate(textwrap.wrap(f"{key}: {', '.join(codes)}", 92)):
                echo(("  " if i == 0 else "    ") + line)
    echo("")
    n_err, n_warn = len(report.errors), len(report.warnings)
    echo(f"Anomalie: {n_err} {'errore' if n_err == 1 else 'errori'}, {n_warn} {'avviso' if n_warn == 1 else 'avvisi'}"
         + (" (elencate nel foglio Anomalie del file scritto; quelle dei dati anche con piano-xlsx verifica "
            "FILE)." if report.findings else "."))

