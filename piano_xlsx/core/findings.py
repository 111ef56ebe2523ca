"""Validation findings: data, not prose (each has a stable code and a position).

A :class:`Finding` says what is wrong, where (sheet, A1 cell, merged range) and what
to do, in Italian. A :class:`Report` collects them for a file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from .vocabulary import Severity

if TYPE_CHECKING:
    from ..xlsx.reader import Cell

ERRORE, AVVISO = Severity.ERRORE, Severity.AVVISO


@dataclass(frozen=True)
class Location:
    sheet: str | None = None
    cell: str | None = None  # A1 reference of the cell (top-left cell of a merged range)
    range: str | None = None  # merged range such as "A5:A9", when the cell is merged

    def __str__(self) -> str:
        if not self.sheet:
            return ""
        where = f"'{self.sheet}'"
        if self.cell:
            where += f"!{self.range or self.cell}"
        return where


@dataclass(frozen=True)
class Finding:
    severity: str  # ERRORE or AVVISO
    code: str  # stable, kebab-case, Italian (e.g. "codice-duplicato")
    message: str  # Italian: what is wrong and what to do
    location: Location = field(default_factory=Location)

    def as_dict(self) -> dict[str, str | None]:
        return {
            "gravita": self.severity,
            "codice": self.code,
            "foglio": self.location.sheet,
            "cella": self.location.cell,
            "intervallo": self.location.range,
            "messaggio": self.message,
        }


def error(code: str, message: str, location: Location | None = None) -> Finding:
    return Finding(ERRORE, code, message, location or Location())


def warning(code: str, message: str, location: Location | None = None) -> Finding:
    return Finding(AVVISO, code, message, location or Location())


ENTRAMBI = "entrambi"  # in CODES: an error or a warning depending on the case (a setting, the period)

# Every finding code piano-xlsx produces: code -> (severity, what it means for the office and what
# to do, in Italian). The README's table of codes is generated from it (docs/rigenera.py), and a
# test checks that it lists exactly the codes passed to error() and warning() in piano_xlsx/.
CODES: dict[str, tuple[str, str]] = {
    "altra-tabella": (ENTRAMBI, "Un altro foglio ha una tabella di obiettivi e risultati come quella letta, ma "
                                "piano-xlsx ne legge uno solo: riunire le schede in un foglio o spostare la copia "
                                "in un altro file. È un avviso se l'altra tabella è di un altro anno."),
    "anno-da-indicare": (ERRORE, "La tabella ha target o pesi di anni diversi ('Target 2025', 'Target 2026') e "
                                 "l'anno del piano non è indicato: quelle colonne non si leggono finché non lo si "
                                 "scrive alla voce 'Anno del piano' delle Impostazioni."),
    "anno-dedotto": (AVVISO, "L'anno del piano non è nelle Impostazioni ed è letto dalla tabella (es. da "
                     "un'intestazione 'Target 2018'): se è sbagliato, scriverlo alla voce 'Anno del piano'."),
    "anno-della-riga-ambiguo": (ERRORE, "La colonna dell'anno ha righe di più anni e l'anno del piano non è "
                                "indicato: tutte le righe sono lette come risultati. Scrivere l'anno alla voce "
                                "'Anno del piano' delle Impostazioni."),
    "anno-mancante": (AVVISO, "L'anno del piano non è indicato né si ricava dalla tabella: le scadenze non si "
                      "controllano. Scriverlo alla voce 'Anno del piano' delle Impostazioni."),
    "anno-precedente-mancante": (AVVISO, "Il target è riferito all'anno precedente (es. '+10% sul 2023') ma manca "
                                 "il valore di partenza: il risultato non si calcola. Scriverlo nella colonna "
                                 "'Anno precedente' o nel foglio 'Dati mensili'."),
    "area-di-stampa": (AVVISO, "L'area di stampa del foglio non comprende le colonne dei risultati scritte da "
                       "piano-xlsx, che su carta non si vedono: allargarla (Layout di pagina > Area di stampa) o "
                       "stampare il foglio Riepilogo."),
    "area-di-stampa-estesa": (AVVISO, "L'area di stampa finiva all'ultima colonna della tabella ed è stata estesa "
                              "alle colonne dei risultati: nulla da fare, se non controllare la stampa."),
    "codice-duplicato": (ERRORE, "Lo stesso codice è usato da due risultati, da due obiettivi con testi diversi o "
                         "da due righe dei Dati mensili: la riga doppia non viene calcolata. Correggere la "
                         "numerazione."),
    "codice-fuori-obiettivo": (ERRORE, "Il codice del risultato indica un obiettivo diverso da quello sotto cui si "
                               "trova (es. 6.9 sotto l'obiettivo 5): spostare il risultato o correggerne il "
                               "codice."),
    "codice-mancante": (AVVISO, "Un obiettivo non ha il numero in testa, a differenza degli altri, e riceve un "
                        "codice generato (O1, O2...): scrivere il numero davanti al titolo."),
    "collegamento-ente": (ERRORE, "Un obiettivo individuale è collegato all'ente intero ('Ente', 'performance "
                                  "organizzativa'): indicare nelle Impostazioni, alla voce \"Performance dell'ente\", "
                                  "se vale il grado medio degli obiettivi o la quota raggiunti."),
    "collegamento-mancante": (ERRORE, "Un obiettivo individuale non è collegato a nessun obiettivo di ente: "
                              "scrivere i codici degli obiettivi collegati, es. '1; 10'."),
    "colonna-doppia": (AVVISO, "Due colonne sembrano avere lo stesso ruolo: se ne legge una e l'altra è "
                       "ignorata. Se la scelta è sbagliata, indicare il ruolo di ciascuna nel foglio 'Colonne' o "
                       "rinominare quella da non leggere."),
    "colonna-ignorata": (AVVISO, "Colonne con un'intestazione non riconosciuta non vengono lette: se una contiene "
                         "consuntivo, target, peso o altro, indicarne il ruolo nel foglio 'Colonne' o rinominarla "
                         "con un'intestazione accettata."),
    "colonna-indicata-vuota": (AVVISO, "Una colonna indicata per lettera nel foglio 'Colonne' è vuota nella "
                               "tabella: controllare la lettera o scrivere l'intestazione della colonna."),
    "colonna-mancante": (ERRORE, "Nella tabella manca la colonna degli obiettivi, oppure quella dei risultati e "
                         "non ci sono target né consuntivi: nulla si può calcolare. Aggiungerla, rinominarla o "
                         "indicarla nel foglio 'Colonne'."),
    "colonna-target-mancante": (ENTRAMBI, "La tabella non ha una colonna dei target: si calcolano solo i risultati "
                                "con il target scritto nel testo dell'indicatore (errore se non ce n'è nessuno). "
                                "Aggiungere la colonna 'Target' (o indicarla nel foglio 'Colonne')."),
    "colonne-calcolate-separate": (ERRORE, "Le cinque colonne dei risultati scritte da piano-xlsx non sono più "
                                          "affiancate (una colonna inserita fra loro, una cancellata): spostare la "
                                          "colonna dell'ufficio fuori da quelle cinque e rilanciare; finché restano "
                                          "così il file non viene scritto."),
    "commenti-non-riportati": (AVVISO, "Un foglio scritto da piano-xlsx (Storico, Riepilogo, Anomalie) ha commenti "
                                       "aggiunti dall'ufficio: non passano nel file scritto. Metterli in un foglio o in "
                                       "una colonna dell'ufficio."),
    "commento-sul-valore": (AVVISO, "Una cella del target, del consuntivo, del peso o della scadenza ha un commento con "
                            "un valore o una rimodulazione: piano-xlsx legge la cella, non il commento."),
    "confronto-dedotto": (AVVISO, "Target di tempi o costi scritti senza confronto ('30 gg.') sono letti come "
                          "massimo o minimo secondo l'impostazione 'Tempo senza confronto': se qualcuno va "
                          "superato, scriverlo con '>='."),
    "confronto-stretto-pari": (AVVISO, "Il consuntivo è uguale a un target con '>' o '<' e il risultato resta "
                               "da verificare: se basta raggiungerlo, scrivere '>=' o '<='; se va superato, "
                               "indicarne il grado nella colonna del grado forzato."),
    "consuntivi-assenti": (ERRORE, "La tabella non ha la colonna dei consuntivi e non c'è il foglio 'Dati "
                           "mensili': nessun risultato si può calcolare. Aggiungere la colonna o indicarla nel "
                           "foglio 'Colonne'."),
    "consuntivo-arrotondato": (AVVISO, "La cella mostra il consuntivo arrotondato (0,9496 come 95%) e il valore "
                               "mostrato e quello esatto danno esiti diversi rispetto al target: il risultato resta da "
                               "verificare finché non si arrotonda il valore nella cella o lo si mostra con più "
                               "decimali."),
    "consuntivo-come-variazione": (AVVISO, "Il consuntivo di un target rispetto all'anno precedente è una "
                                   "variazione ('+5%'): è letto come il valore di partenza più la variazione. "
                                   "Conviene scrivere il valore raggiunto."),
    "consuntivo-con-nota": (AVVISO, "Il consuntivo ha una nota dopo il valore ('SI, con DGR n. 12', '3 (report del "
                            "31/03)'): è letto il valore, e la nota si segnala. Conviene scriverla nella colonna delle "
                            "note."),
    "consuntivo-diverso-da-algoritmo": (AVVISO, "Il consuntivo scritto è diverso da quello calcolato con "
                                        "l'algoritmo dai Dati mensili, e vale l'algoritmo: se è giusto il valore "
                                        "scritto, correggere i dati mensili o togliere l'algoritmo."),
    "consuntivo-diverso-da-serie": (AVVISO, "Il consuntivo scritto nella tabella è diverso dal valore dei dati "
                                    "mensili al periodo, che vale: correggere i dati mensili o svuotare la cella."),
    "consuntivo-mancante": (AVVISO, "Nei valori finali un risultato ha il target ma non il consuntivo: è escluso "
                            "dalla media e il suo obiettivo si calcola senza. Scrivere il consuntivo, o 'n.d.' se "
                            "non va valutato."),
    "consuntivo-non-disponibile": (AVVISO, "Il consuntivo è 'n.d.' o '-': il risultato è trattato come senza "
                                   "consuntivo, secondo l'impostazione 'Dato mancante'. Scriverlo quando c'è."),
    "consuntivo-non-valido": (ERRORE, "Il consuntivo non si legge come il target lo chiede (un numero, una data, "
                              "SI o NO), oppure è un segno o dice il segno a parole: il risultato non si calcola. "
                              "Scrivere il valore raggiunto."),
    "consuntivo-precedente": (AVVISO, "Una scadenza o un'attività risulta conclusa nel consuntivo di un momento "
                              "precedente ('Valore al 30/06') e la cella del momento letto è vuota: vale la "
                              "conclusione già scritta. Se non è così, scrivere il valore nella cella vuota."),
    "consuntivo-senza-data": (AVVISO, "Il consuntivo di una scadenza è SI: l'attività è conclusa ma non si sa "
                              "quando; il risultato è da verificare finché non si scrive la data di conclusione."),
    "consuntivo-senza-giorno": (AVVISO, "Il consuntivo di un target a scadenza è una data che la cella mostra solo come "
                                "mese o anno ('giu-24'), oltre la scadenza: se sia in tempo non si sa, il risultato "
                                "è da verificare finché non si scrive la data completa."),
    "da-verificare": (ENTRAMBI, "Il target non si interpreta con certezza (il messaggio dice perché): il risultato "
                      "non si calcola finché non lo si corregge. È un errore se l'impostazione 'Dato mancante' è "
                      "'errore', altrimenti un avviso."),
    "data-come-testo": (AVVISO, "Una data è scritta come testo ed è letta come data: conviene scriverla come data "
                        "di Excel."),
    "dati-fermi": (AVVISO, "I Dati mensili di alcuni risultati si fermano prima del periodo calcolato e il grado "
                   "usa l'ultimo mese con dati: aggiornare i dati mensili, o calcolare al mese a cui arrivano."),
    "dati-mensili-senza-intestazione": (AVVISO, "Il foglio dei Dati mensili non ha una riga di intestazione con "
                                        "'Codice' e i mesi (es. 'gen 2018') e viene ignorato: aggiungerla."),
    "dato-alla-scadenza-mancante": (AVVISO, "Un target scade fra due rilevazioni dei dati a trimestri o semestri "
                                    "(a settembre, con i dati di giugno e dicembre): il valore alla scadenza non si "
                                    "conosce e il risultato resta da verificare: servono i dati per mese."),
    "dato-mancante": (ERRORE, "Un risultato non si può calcolare perché manca un dato e l'impostazione 'Dato "
                      "mancante' è 'errore': completare il dato (o cambiare l'impostazione)."),
    "errore-excel": (ERRORE, "La cella contiene un errore di Excel (#DIV/0!, #N/D...) e non viene letta: correggere "
                     "la formula o il valore."),
    "foglio-calcolato-rinominato": (AVVISO, "Un foglio scritto da piano-xlsx (Riepilogo, Storico, Anomalie) è stato "
                                            "rinominato o copiato: è dell'ufficio, resta com'è e non viene letto; "
                                            "se era lo Storico, lo Storico riparte (rinominarlo 'Storico' per "
                                            "continuarlo)."),
    "foglio-riservato": (ERRORE, "Un foglio dell'ufficio si chiama come uno di quelli che piano-xlsx scrive "
                                 "(Riepilogo, Storico, Anomalie): rinominarlo; finché c'è, il file con i risultati "
                                 "non viene scritto."),
    "formula-da-ricalcolare": (ERRORE, "Il valore salvato con la formula non è quello che la formula dà (lo 0 scritto "
                               "da un programma, o un file salvato senza ricalcolare) e non viene letto: aprire il "
                               "file in Excel o LibreOffice, ricalcolare, salvarlo e rilanciare."),
    "formula-non-calcolabile": (ERRORE, "L'algoritmo di calcolo del risultato non si può calcolare al periodo "
                                "(formula scritta male o misura senza valore): correggere l'algoritmo o i Dati "
                                "mensili."),
    "formula-senza-valore": (ERRORE, "La formula non ha un valore calcolato (il file non è mai stato aperto e "
                             "salvato in Excel o LibreOffice) e non viene letta: aprirlo, salvarlo e rilanciare."),
    "forzatura-non-valida": (ERRORE, "Il grado forzato non è una percentuale, o è fuori dall'intervallo da 0% al "
                             "tetto del grado: scriverlo come percentuale, es. 100%."),
    "forzatura-senza-nota": (ERRORE, "Un risultato ha un grado forzato senza motivazione: scriverla nella colonna "
                             "'Nota forzatura'."),
    "grado-pubblicato-diverso": (AVVISO, "Il grado che l'ufficio indica nella tabella è diverso da quello "
                                 "calcolato da piano-xlsx, o piano-xlsx non lo può calcolare: controllare quale "
                                 "è giusto (regola, tetto, unità, target e consuntivo)."),
    "impostazione-duplicata": (ERRORE, "Un'impostazione compare due volte nel foglio 'Impostazioni': lasciarne una "
                               "sola."),
    "impostazione-non-valida": (ERRORE, "Il valore di un'impostazione non è valido, o la soglia 'parzialmente "
                                "raggiunto' supera quella 'raggiunto': correggerlo, o lasciarlo vuoto per il valore "
                                "predefinito."),
    "impostazione-sconosciuta": (AVVISO, "Una voce del foglio 'Impostazioni' non è un'impostazione riconosciuta e "
                                 "viene ignorata: correggerne il nome (elenco nel messaggio) o toglierla."),
    "indirizzi-senza-intestazione": (AVVISO, "Il foglio 'Indirizzi' non ha le colonne 'Responsabile' e 'E-mail': "
                                     "nessun indirizzo è letto e nessun messaggio preparato. Aggiungere le "
                                     "intestazioni."),
    "indirizzo-mancante": (AVVISO, "Un responsabile o una persona non ha un indirizzo valido nel foglio 'Indirizzi': "
                           "la sua cartella è scritta ma il messaggio non viene preparato. Aggiungere l'indirizzo."),
    "indirizzo-non-valido": (AVVISO, "Un indirizzo del foglio 'Indirizzi' non è un indirizzo e-mail valido e non "
                             "viene usato: correggerlo (uno per riga, o separati da ';')."),
    "indirizzo-senza-nome": (AVVISO, "Una riga del foglio 'Indirizzi' ha l'indirizzo ma non il nome del "
                             "responsabile e viene ignorata: scrivere il nome."),
    "indirizzo-senza-responsabile": (AVVISO, "Un nome del foglio 'Indirizzi' non è un responsabile né una persona "
                                     "del piano e il suo indirizzo non viene usato: scriverlo come nella tabella, "
                                     "o toglierlo."),
    "linee-con-trattino": (AVVISO, "Una cella delle linee strategiche unisce due numeri lontani con un trattino "
                           "('1 - 3') ed è letta come quelle due linee: se vuol dire dalla prima all'ultima, "
                           "scriverle tutte ('1, 2, 3')."),
    "mese-fuori-anno": (AVVISO, "Una colonna dei Dati mensili è di un mese fuori dall'anno del piano: controllare "
                        "l'intestazione del mese o l'anno nelle Impostazioni."),
    "mese-ripetuto": (ERRORE, "Lo stesso mese intesta due colonne dei Dati mensili e i valori della seconda non "
                      "vengono letti: correggere l'intestazione sbagliata."),
    "misura-sconosciuta": (ERRORE, "L'algoritmo di calcolo usa nomi che non sono misure del foglio 'Dati mensili': "
                           "aggiungere le righe mancanti o correggere i nomi."),
    "nota-di-rimodulazione": (AVVISO, "La nota di un risultato dice che il target, il peso o la scadenza sono stati "
                              "rimodulati o prorogati: il calcolo usa le celle della riga; il valore nuovo va scritto "
                              "al posto di quello vecchio."),
    "nota-nello-storico": (AVVISO, "Nello Storico c'è un testo che piano-xlsx non scrive (nella riga delle "
                                   "intestazioni, sotto o accanto alle sue righe): lo Storico è riscritto e il testo "
                                   "non passa nel file scritto. Le note vanno in un foglio o in una colonna "
                                   "dell'ufficio."),
    "numero-come-testo": (AVVISO, "Un numero è scritto come testo ed è letto come numero: conviene scriverlo come "
                          "numero."),
    "obiettivi-individuali-misurati": (ERRORE, "Il foglio degli obiettivi individuali ha target o consuntivi "
                                               "propri: piano-xlsx calcola un obiettivo individuale dagli "
                                               "obiettivi di ente collegati. Mettere gli indicatori nella tabella "
                                               "e collegarli, o togliere le colonne."),
    "obiettivi-individuali-senza-intestazione": (AVVISO, "Il foglio degli obiettivi individuali non ha le colonne "
                                                 "'Persona' e 'Obiettivi di ente collegati' e viene ignorato: "
                                                 "aggiungerle."),
    "obiettivi-per-blocco": (AVVISO, "La tabella è divisa in blocchi (l'intestazione ripetuta, un titolo per "
                             "unità) con gli stessi obiettivi: ognuno ha i suoi, con il nome del blocco davanti al "
                             "numero. Per dare il nome della struttura, aggiungere una colonna 'Struttura'."),
    "obiettivi-per-responsabile": (AVVISO, "Gli stessi obiettivi tornano, dopo altri, per un altro responsabile (una "
                                   "scheda di budget per struttura): ogni responsabile ha i suoi, con il suo nome "
                                   "davanti al numero."),
    "obiettivo-peso-zero": (AVVISO, "Un obiettivo pesa 0: è fuori dal grado medio dell'ente ma dentro il numero degli "
                            "obiettivi raggiunti; se è stralciato, 'N.A.' nei target o toglierlo dalla tabella."),
    "obiettivo-sconosciuto": (ERRORE, "Un obiettivo individuale è collegato a un codice che non è un obiettivo della "
                              "tabella: correggere il codice."),
    "obiettivo-senza-risultati": (ERRORE, "Un obiettivo non ha risultati attesi: aggiungerne almeno uno, sulla "
                                  "stessa riga o sotto."),
    "ordine-righe-cambiato": (AVVISO, "Le righe della tabella non sono nell'ordine dell'ultimo calcolo e alcune celle "
                                      "di obiettivo o linea sono vuote (lette come la riga sopra): se la tabella è "
                                      "stata ordinata, controllare obiettivi e linee; scriverli su ogni riga."),
    "percentuale-come-frazione": (AVVISO, "Un numero senza simbolo % è letto come frazione (0,85 = 85%) perché "
                                  "l'altro valore del confronto è in percentuale: se non è così, scriverlo con il "
                                  "simbolo %."),
    "percentuale-senza-simbolo": (AVVISO, "Un numero senza simbolo % è letto come punti percentuali (1,5 = 1,5%) "
                                  "perché è vicino all'altro valore del confronto: conviene scriverlo con il "
                                  "simbolo %."),
    "periodo-chiuso-modificato": (AVVISO, "I dati o le regole di un periodo chiuso sono cambiati dopo il calcolo "
                                  "registrato nello Storico, che non viene riscritto: ripristinare i dati, o "
                                  "togliere il periodo da 'Periodi chiusi' e ricalcolarlo."),
    "periodo-dedotto": (AVVISO, "Senza un periodo indicato e senza dati mensili, il calcolo è al mese che dice l'intestazione "
                                "della colonna dei consuntivi ('Valore al 30/06/2025'): i target dell'anno "
                                "risultano in corso."),
    "periodo-fuori-anno": (AVVISO, "Il periodo calcolato, l'ultimo mese con dati nei Dati mensili, non è "
                           "dell'anno del piano: valori attesi e scadenze sono calcolati come a fine anno (a inizio anno se è prima). "
                           "Controllare i mesi dei Dati mensili o l'anno nelle Impostazioni."),
    "periodo-passato": (AVVISO, "Il periodo è precedente all'ultimo nello Storico: i consuntivi della tabella "
                        "sono quelli di oggi e lo Storico di quel mese li registra. Se non è voluto, usare la "
                        "copia di sicurezza e chiudere il periodo."),
    "persona-due-volte": (AVVISO, "Una persona è indicata con il ruolo (una colonna 'Segretario Generale') e "
                                  "qualcuno ha quel ruolo nel foglio 'Obiettivi individuali': se sono la stessa "
                                  "persona, scriverne gli obiettivi in un posto solo."),
    "persona-mancante": (ERRORE, "Una riga degli obiettivi individuali non ha il nome della persona: scriverlo "
                         "nella colonna 'Persona'."),
    "persona-non-indicata": (ERRORE, "Una colonna di obiettivi individuali non dice di chi sono ('Obiettivi "
                                     "individuali', 'Obiettivi individuali dei dirigenti'): scrivere nell'intestazione "
                                     "il nome o il ruolo della persona."),
    "pesi-incompleti": (ERRORE, "Il peso è indicato solo per una parte dei risultati di un obiettivo (o degli "
                        "obiettivi individuali di una persona): scriverlo per tutti, o per nessuno per pesi "
                        "uguali."),
    "pesi-obiettivi-incompleti": (AVVISO, "Il peso è indicato solo per alcuni obiettivi: finché manca, la media "
                                  "dell'ente usa pesi uguali. Completare i pesi."),
    "pesi-obiettivi-misti": (AVVISO, "I pesi degli obiettivi mescolano percentuali e frazioni (40 e 0,6): finché "
                             "non si scrivono tutti allo stesso modo, la media dell'ente usa pesi uguali."),
    "pesi-somma": (ENTRAMBI, "I pesi dei risultati di un obiettivo (o degli obiettivi individuali di una persona, o "
                   "dei loro collegamenti) non sommano a 100: correggerli. È un avviso quando mancano solo le "
                   "righe con un codice doppio, da correggere prima."),
    "pesi-sulla-scheda": (AVVISO, "I pesi dei risultati sommano a 100 sull'intera tabella, non dentro ogni "
                          "obiettivo: ogni obiettivo pesa la somma dei suoi. Se i pesi vanno per obiettivo, "
                          "correggerli."),
    "peso-di-altro-anno": (AVVISO, "L'unica colonna dei pesi è di un altro anno ('Peso 2025' in un piano 2026) e non "
                                   "viene letta: i risultati pesano allo stesso modo. Se vale anche per quest'anno, "
                                   "dirlo nell'intestazione o nel foglio 'Colonne'."),
    "peso-non-valido": (ERRORE, "Un peso non è un numero o è negativo, o per un obiettivo individuale i pesi non "
                        "sono uno per obiettivo collegato: scrivere un numero da 0 a 100."),
    "polarita-non-letta": (AVVISO, "La colonna Polarità ha un valore che non dice se è meglio più o meno: un "
                           "target senza confronto segue la lettura solita. Scrivere '+' o '-'."),
    "riferimento-sconosciuto": (ERRORE, "Il target si riferisce a una misura che non c'è nel foglio 'Dati mensili': "
                                "aggiungere una riga con quel codice o quella descrizione."),
    "riga-di-totale": (AVVISO, "Una riga che comincia con 'Totale' è letta come riga di totale, non come "
                       "risultato: se è un risultato, dargli un altro nome o indicarne il codice."),
    "righe-di-altri-anni": (AVVISO, "Le righe di anni diversi dall'anno del piano non sono lette come risultati: "
                            "se l'anno del piano è un altro, correggerlo nelle Impostazioni."),
    "righe-dopo-la-tabella": (AVVISO, "Righe dopo l'ultimo risultato, senza indicatori, non sono lette come "
                              "obiettivi: se una è un obiettivo, scriverne il risultato atteso e il target."),
    "righe-nascoste": (AVVISO, "Righe nascoste nel foglio sono lette come parte del piano e contano nel risultato "
                       "dell'ente: se sono di obiettivi stralciati, toglierle dalla tabella o spostarle in un altro "
                       "foglio."),
    "risultati-in-una-cella": (AVVISO, "Una cella elenca più indicatori ma target e consuntivo non ne hanno uno "
                               "per ciascuno: è letta come un solo risultato. Elencarli allo stesso modo o "
                               "mettere ogni indicatore su una riga sua."),
    "risultati-non-calcolabili": (ENTRAMBI, "Meno della metà dei risultati con un target ha un grado e il "
                                  "risultato dell'ente non rappresenta il piano: controllare le colonne lette e i "
                                  "dati. Errore a fine anno, avviso durante l'anno."),
    "risultato-non-valutato": (AVVISO, "Il target dice che non è definito ('n.d.', 'da definire'): il risultato "
                               "non viene valutato."),
    "risultato-padre-con-valori": (AVVISO, "Un risultato ha un target e un consuntivo suoi e anche dei sotto-risultati: "
                                   "quale conta non si sa, il risultato è da verificare."),
    "risultato-senza-obiettivo": (ERRORE, "Un risultato non ha un obiettivo sopra di sé nella tabella: scrivere "
                                  "l'obiettivo nella stessa riga o in una riga precedente."),
    "ruolo-sconosciuto": (ERRORE, "Il foglio 'Colonne' indica per una colonna un ruolo che non esiste: usare uno "
                          "dei ruoli elencati nel messaggio."),
    "scadenza-dal-testo": (AVVISO, "Un target SI ha la scadenza scritta nel testo dell'indicatore ('Adozione del "
                           "regolamento entro il 30/06/2024'): un SI conta se l'attività è conclusa entro quella "
                           "data. Se non è la scadenza, scriverla nel target o in una colonna 'Scadenza'."),
    "scadenza-fuori-anno": (AVVISO, "La scadenza del target è fuori dall'anno del piano: controllare la data o "
                            "l'anno nelle Impostazioni."),
    "scadenza-senza-conclusione": (AVVISO, "Nei valori finali una scadenza passata non ha la data di conclusione: "
                                   "il risultato è escluso dalla media e il suo obiettivo si calcola senza. Scrivere "
                                   "la data, o NO se non è concluso."),
    "serie-cumulata-in-calo": (AVVISO, "Una serie cumulata dei Dati mensili scende da un mese al successivo: "
                               "correggere il valore o indicare la serie come 'puntuale'."),
    "serie-non-usata": (AVVISO, "Il risultato ha una serie nei Dati mensili ma il target è una scadenza o un "
                        "SI/NO: la serie non viene usata; il consuntivo va nella colonna del consuntivo."),
    "serie-non-valida": (ERRORE, "Il tipo di serie dei Dati mensili non è valido e la serie è letta come "
                         "'puntuale': scrivere 'cumulata' o 'puntuale'."),
    "sotto-risultato-senza-padre": (ERRORE, "Un sotto-risultato (es. 3.5.1) non ha il risultato padre (3.5) "
                                    "sotto lo stesso obiettivo: aggiungere il padre o correggere il codice."),
    "stampa-su-piu-pagine": (AVVISO, "Il foglio era impostato per stampare su una pagina di larghezza, dove con "
                             "le colonne dei risultati il testo sarebbe illeggibile: ora si stampa su più pagine "
                             "affiancate. Per tornare a una pagina: Layout di pagina > Adatta alla pagina."),
    "stessa-persona": (AVVISO, "Due modi di scrivere un nome (in un altro ordine, con un titolo) sono letti come "
                               "la stessa persona: se sono due persone, scriverne i nomi in modo che si "
                               "distinguano."),
    "tabella-non-trovata": (ERRORE, "Nessun foglio ha una riga di intestazione con la colonna degli obiettivi e "
                            "quella dei risultati o dei target: rinominare le intestazioni, indicarle nel foglio "
                            "'Colonne', o partire dal modello."),
    "tabella-vuota": (ERRORE, "La tabella non contiene obiettivi sotto l'intestazione: compilare almeno un "
                      "obiettivo con i suoi risultati."),
    "target-dal-testo": (AVVISO, "La tabella non ha una colonna dei target e il target è letto dal testo "
                         "dell'indicatore: se non è giusto, aggiungere la colonna 'Target'."),
    "target-mancante": (ENTRAMBI, "Un risultato non ha un target: scriverlo, oppure 'n.d.' se non va valutato. È "
                        "un errore se l'impostazione 'Dato mancante' è 'errore', altrimenti un avviso."),
    "target-nel-testo-incerto": (AVVISO, "La tabella non ha una colonna dei target e il testo dell'indicatore "
                                 "sembra contenere un target che non si legge con certezza: scrivere il target in "
                                 "una colonna 'Target'."),
    "totale-pesi-diverso": (AVVISO, "Una riga di totale sotto gli obiettivi dice una somma dei pesi (100) diversa "
                            "da quella dei pesi sopra di essa (90): ogni obiettivo pesa il suo peso diviso la loro "
                            "somma. Correggere il peso mancante o sbagliato, o il totale."),
    "uguale-superato": (AVVISO, "Un target con '=' è superato dal consuntivo (per un tempo o un costo: il "
                        "consuntivo gli sta sotto) e il risultato resta da verificare: scriverlo con '>=' o '<=', "
                        "o scegliere 'almeno' o 'esatto' alla voce \"Target con '='\" delle Impostazioni."),
    "unita-da-verificare": (AVVISO, "Consuntivo e target non si possono mettere sulla stessa scala (unità o "
                            "percentuali incerte) e il risultato resta da verificare: correggere uno dei due."),
    "valore-ambiguo": (AVVISO, "Una cella ha un solo valore per più risultati impilati: scrivere un valore per "
                       "riga preceduto dal codice, o mettere ogni risultato su una riga sua."),
    "valore-non-numerico": (ERRORE, "Un valore del foglio 'Dati mensili' non è un numero e non viene letto: "
                            "scrivere un numero, o lasciare vuoto se il dato manca."),
    "valore-ripetuto": (ERRORE, "In una cella con un valore per codice, lo stesso codice ha due valori e il "
                        "risultato resta senza quel valore: lasciarne uno."),
    "valutazione-in-attesa": (AVVISO, "La valutazione di una persona non conta un obiettivo collegato che "
                                      "aspetta un consuntivo: grado e fattore possono cambiare quando sarà "
                                      "scritto."),
    "voce-colonne-inutilizzata": (AVVISO, "Una voce del foglio 'Colonne' non corrisponde a nessuna intestazione "
                                  "della tabella e non viene usata: copiarla com'è scritta nella tabella, o "
                                  "indicare la lettera della colonna."),
}


def cell_problem(cell: Cell | None, location: Location) -> Finding | None:
    """A formula Excel never computed, or an Excel error value: neither can be read as data."""
    if cell is None:
        return None
    if cell.formula is not None and getattr(cell, "stale", False):
        why = cell.stale if isinstance(cell.stale, str) else "il valore salvato non è calcolato"
        return error("formula-da-ricalcolare",
                     f"La cella contiene la formula ={cell.formula}, ma {why}: il valore non viene letto. Aprire "
                     "il file in Excel o LibreOffice, ricalcolare le formule (Ctrl+Alt+F9 in Excel, "
                     "Ctrl+Maiusc+F9 in LibreOffice), salvarlo e rilanciare.", location)
    if cell.formula is not None and not cell.cached:
        return error("formula-senza-valore",
                     f"La cella contiene la formula ={cell.formula} ma nessun valore calcolato (il file non è mai "
                     "stato aperto e salvato in Excel o LibreOffice): aprirlo, salvarlo e rilanciare.", location)
    if cell.error:
        return error("errore-excel",
                     f"La cella contiene l'errore di Excel {cell.error}: correggere la formula o il valore.", location)
    return None


@dataclass
class Report:
    file: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERRORE]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == AVVISO]

    @property
    def valid(self) -> bool:
        return not self.errors

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "valido": self.valid,
            "errori": len(self.errors),
            "avvisi": len(self.warnings),
            "anomalie": [f.as_dict() for f in self.findings],
        }


__all__ = ["ERRORE", "AVVISO", "ENTRAMBI", "CODES", "Location", "Finding", "Report", "error", "warning", "asdict"]
