#!/usr/bin/env bash
# Rigenera docs/riepilogo.png (l'immagine del README) dall'uscita vera di piano-xlsx:
# calcola sull'esempio compilato, LibreOffice headless in PDF, prima pagina in PNG.
# Serve: piano-xlsx installato, LibreOffice (soffice) e poppler-utils (pdftoppm).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date +%s)} \
  piano-xlsx calcola esempi/torino-2018-compilato.xlsx -o "$tmp/torino.xlsx" >/dev/null
soffice --headless "-env:UserInstallation=file://$tmp/profilo" --convert-to pdf --outdir "$tmp" "$tmp/torino.xlsx" >/dev/null
pdftoppm -png -r 100 -f 1 -l 1 -x 34 -y 44 -W 1094 -H 730 "$tmp/torino.pdf" "$tmp/pagina"
cp "$tmp/pagina-01.png" docs/riepilogo.png
echo "Scritto docs/riepilogo.png"
