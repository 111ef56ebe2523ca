#!/usr/bin/env bash
# Rigenera le immagini delle pagine STAMPATE (docs/pagine/*.png, vedi docs/pagine.md) dalle uscite
# vere di piano-xlsx: ogni foglio passa da LibreOffice headless in PDF con l'impostazione di stampa
# scritta nel file (carta, orientamento, adattamento alla pagina) e la sua prima pagina (della
# tabella del modello le prime due) diventa un PNG a 100 dpi della pagina intera, cioè la pagina come
# esce dalla stampante (A4 orizzontale 1169x827 pixel, A3 orizzontale 1654x1169): un testo leggibile
# sull'immagine vista al 100% è leggibile sulla carta.
#
#   bash docs/rigenera-pagine.sh                 scrive in docs/pagine/
#   bash docs/rigenera-pagine.sh CARTELLA        scrive in CARTELLA
#   bash docs/rigenera-pagine.sh --pdf CARTELLA  lascia anche il PDF di ogni foglio (per i test)
#
# Serve: piano-xlsx (quello di .venv se c'è), LibreOffice (soffice), poppler-utils (pdftoppm).
# Con il carattere Carlito (apt-get install fonts-crosextra-carlito, largo come Calibri) le righe
# vanno a capo come in Excel; senza, LibreOffice usa un carattere più largo e le pagine cambiano.
# SOURCE_DATE_EPOCH (predefinito: 15/01/2026) fissa la data scritta dal calcolo: a parità di
# programmi le immagini sono le stesse a ogni esecuzione. I file dell'ente non vengono toccati:
# tutto si fa su copie in una cartella temporanea.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
keep_pdf=0
if [[ ${1:-} == --pdf ]]; then keep_pdf=1; shift; fi
out=${1:-$root/docs/pagine}
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [[ -x $root/.venv/bin/piano-xlsx ]]; then
  piano=$root/.venv/bin/piano-xlsx py=$root/.venv/bin/python
else
  piano=piano-xlsx py=python3
fi
for tool in soffice pdftoppm pdfinfo; do
  command -v "$tool" >/dev/null || { echo "Manca $tool (LibreOffice / poppler-utils)" >&2; exit 2; }
done
if command -v fc-match >/dev/null && [[ $(fc-match -f '%{family}' Calibri) != *Carlito* ]]; then
  echo "ATTENZIONE: manca il carattere Carlito (apt-get install fonts-crosextra-carlito): LibreOffice" \
    "stampa Calibri con un carattere più largo, le pagine non sono quelle di Excel" >&2
fi
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1768435200}
aiuto=$root/docs/rigenera-pagine.py

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/fogli" "$tmp/pdf"

# (a) l'esempio di Torino calcolato: Riepilogo e tabella con le cinque colonne dei risultati
"$piano" calcola "$root/esempi/torino-2018-compilato.xlsx" -o "$tmp/torino_calcolato.xlsx" >/dev/null
# (b) il file di un responsabile scritto da 'dividi' (il primo in ordine alfabetico)
"$piano" dividi "$tmp/torino_calcolato.xlsx" --per responsabile -d "$tmp/dividi" >/dev/null
diviso=$(find "$tmp/dividi" -name '*.xlsx' | LC_ALL=C sort | head -n 1)
# (c) un piano fatto dal modello vuoto, compilato con qualche riga e calcolato
"$piano" modello -o "$tmp/modello.xlsx" --anno 2025 >/dev/null
"$py" "$aiuto" compila "$tmp/modello.xlsx" "$tmp/piano-2025.xlsx"
"$piano" calcola "$tmp/piano-2025.xlsx" -o "$tmp/piano-2025_calcolato.xlsx" >/dev/null

# un foglio per file: LibreOffice non stampa i fogli nascosti
foglio() {  # NOME-PAGINA FILE FOGLIO
  "$py" "$aiuto" solo-foglio "$2" "$tmp/fogli/$1.xlsx" "$3"
}
foglio torino-riepilogo "$tmp/torino_calcolato.xlsx" "Riepilogo"
foglio torino-tabella "$tmp/torino_calcolato.xlsx" "Tabella di collegamento"
foglio dividi-riepilogo "$diviso" "Riepilogo"
foglio dividi-risultati "$diviso" "Risultati"
foglio modello-tabella "$tmp/piano-2025_calcolato.xlsx" "Collegamento"

# un profilo LibreOffice nuovo, in italiano (virgola decimale, date gg/mm/aaaa), come in un ufficio
mkdir -p "$tmp/profilo/user"
cat > "$tmp/profilo/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>it-IT</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>it-IT</value></prop></item>
</oor:items>
XCU
soffice --headless --norestore --nolockcheck "-env:UserInstallation=file://$tmp/profilo" \
  --convert-to pdf --outdir "$tmp/pdf" "$tmp"/fogli/*.xlsx >"$tmp/soffice.log" 2>&1 || true
for file in "$tmp"/fogli/*.xlsx; do
  [[ -s $tmp/pdf/$(basename "$file" .xlsx).pdf ]] || {
    echo "LibreOffice non ha scritto il PDF di $(basename "$file"):" >&2; cat "$tmp/soffice.log" >&2; exit 1; }
done

# la prima pagina di ogni foglio; della tabella del modello le due pagine affiancate (la seconda ha
# le colonne dei risultati)
declare -A pagine=([modello-tabella]=2 [torino-tabella]=2)
for pdf in "$tmp"/pdf/*.pdf; do
  name=$(basename "$pdf" .pdf)
  n=${pagine[$name]:-1}
  total=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  if ((total < n)); then
    echo "ATTENZIONE: $name ha $total pagine, non $n" >&2
    n=$total
  fi
  for ((p = 1; p <= n; p++)); do
    png=$name
    ((n == 1)) || png=$name-$p
    pdftoppm -png -r 100 -f "$p" -l "$p" -singlefile "$pdf" "$out/$png"
    echo "Scritto $out/$png.png"
  done
  if ((keep_pdf)); then
    cp "$pdf" "$out/$name.pdf"
  fi
done
