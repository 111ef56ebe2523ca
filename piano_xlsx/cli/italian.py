"""Italian for click's own messages (usage, help, option errors).

click marks its messages with gettext's ``_`` bound at import time in each module; we
rebind it in those modules to a lookup in this table. An unknown message stays English,
so a newer click can only lose a translation, never break the command.
"""

from __future__ import annotations

import importlib

import click

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
    "{value!r} is not a valid {number_type}.": "{value!r} non è un valore {number_type} valido.",
    "{value} is not in the range {range}.": "{value} non è nell'intervallo {range}.",
    "{name} {filename!r} does not exist.": "{filename!r} non esiste.",
    "{name} {filename!r} is a directory.": "{filename!r} è una cartella, non un file.",
    "{name} {filename!r} is a file.": "{filename!r} è un file, non una cartella.",
    "{name} {filename!r} is not readable.": "{filename!r} non è leggibile.",
    "{name} {filename!r} is not writable.": "{filename!r} non è scrivibile.",
    "Choose from:\n\t{choices}": "Scegliere fra:\n\t{choices}",
    "file": "file",
    "directory": "cartella",
    "path": "percorso",
    "Aborted!": "Interrotto.",
    "default: {default}": "predefinito: {default}",
    "required": "obbligatorio",
}

# messages with a singular and a plural form (click calls ngettext for them)
IT_PLURAL = {
    "Got unexpected extra argument ({args})": ("Argomento in più non previsto ({args})",
                                               "Argomenti in più non previsti ({args})"),
    "Option {name!r} requires an argument.": ("L'opzione {name!r} vuole un valore.",
                                              "L'opzione {name!r} vuole {nargs} valori."),
    "Did you mean {possibility}?": ("Forse si intendeva {possibility}?",
                                    "(Forse si intendeva uno fra: {possibilities}?)"),
    "{value!r} is not {choice}.": ("{value!r} non è {choice}.", "{value!r} non è fra {choices}."),
    "Takes {nargs} values but 1 was given.": ("Vuole {nargs} valori ma ne è stato dato 1.",
                                              "Vuole {nargs} valori ma ne sono stati dati {len}."),
}


def _translate(message: str) -> str:
    return IT.get(message, message)


def _translate_plural(singular: str, plural: str, n: int) -> str:
    forms = IT_PLURAL.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n == 1 else forms[1]


def install() -> None:
    for name in ("click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser",
                 "click.types", "click.termui"):
        try:
            module = importlib.import_module(name)
        except ImportError:  # pragma: no cover - layout of another click version
            continue
        # set in the module's namespace: `_` and `ngettext` are click's own imports of gettext, which
        # no type of a module declares
        if hasattr(module, "_"):
            vars(module)["_"] = _translate
        if hasattr(module, "ngettext"):
            vars(module)["ngettext"] = _translate_plural
    import click.types

    # the type names shown in messages and in --help
    click.types.IntParamType.name = "intero"
    click.types.IntRange.name = "intero nell'intervallo"


class ItalianCommand(click.Command):
    """A command that speaks Italian from its start: the translation is installed when it runs
    (the command's process), never when a module is imported (a program using the library keeps
    click as it is)."""

    def main(self, *args, **kwargs):
        install()
        return super().main(*args, **kwargs)
