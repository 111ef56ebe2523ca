"""Italian for click's own messages (usage, help, option errors).

click marks its messages with gettext's ``_`` bound at import time in each module; we
rebind it in those modules to a lookup in this table. An unknown message stays English,
so a newer click can only lose a translation, never break the command.
"""

from __future__ import annotations

import importlib

IT = {
    "Usage:": "Uso:",
    "Options": "Opzioni",
    "Commands": "Comandi",
    "Show this message and exit.": "Mostra questo aiuto ed esce.",
    "Show the version and exit.": "Mostra la versione ed esce.",
    "Error: {message}": "Errore: {message}",
    "Invalid value for {param_hint}: {message}": "Valore non valido per {param_hint}: {message}",
    "Invalid value: {message}": "Valore non valido: {message}",
    "Missing argument": "Manca l'argomento",
    "Missing option": "Manca l'opzione",
    "Missing parameter": "Manca il parametro",
    "Missing parameter: {param_name}": "Manca il parametro: {param_name}",
    "Missing {param_type}": "Manca {param_type}",
    "Missing command.": "Manca il comando.",
    "No such command {name!r}.": "Il comando {name!r} non esiste.",
    "No such option {name!r}.": "L'opzione {name!r} non esiste.",
    "Try '{command} {option}' for help.": "Per l'aiuto: '{command} {option}'.",
    "Option {name!r} does not take a value.": "L'opzione {name!r} non vuole un valore.",
    "Argument {name!r} takes {nargs} values.": "L'argomento {name!r} vuole {nargs} valori.",
    "{value!r} is not a valid {number_type}.": "{value!r} non è un {number_type} valido.",
    "{value} is not in the range {range}.": "{value} non è nell'intervallo {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} non esiste.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} è una cartella.",
    "{name} {filename!r} is a file.": "{name} {filename!r} è un file.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} non è leggibile.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} non è scrivibile.",
    "Choose from:\n\t{choices}": "Scegliere fra:\n\t{choices}",
    "file": "file",
    "directory": "cartella",
    "path": "percorso",
    "Aborted!": "Interrotto.",
    "default: {default}": "predefinito: {default}",
    "required": "obbligatorio",
}


def _translate(message: str) -> str:
    return IT.get(message, message)


def install() -> None:
    for name in ("click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser",
                 "click.types", "click.termui"):
        try:
            module = importlib.import_module(name)
        except ImportError:  # pragma: no cover - layout of another click version
            continue
        if hasattr(module, "_"):
            module._ = _translate
