#!/bin/sh
# Render a deck as a reader sees it: PPTX -> PDF (LibreOffice Impress) -> one PNG per slide.
# A tool for looking, not a dependency: installs libreoffice-impress and poppler-utils with
# apt when they are missing and this runs as root.
#   sh docs/render_deck.sh reports/gallery/daily-papers.pptx   # -> …/daily-papers.pdf, -1.png …
set -eu
deck=${1:?usage: render_deck.sh DECK.pptx}
if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && apt-get install -y -qq libreoffice-impress poppler-utils >/dev/null
    else
        echo "need soffice and pdftoppm: apt-get install libreoffice-impress poppler-utils" >&2
        exit 2
    fi
fi
out=$(dirname "$deck")
soffice --headless --convert-to pdf --outdir "$out" "$deck" >/dev/null
pdf="$out/$(basename "$deck" .pptx).pdf"
pdftoppm -png -r 60 "$pdf" "${pdf%.pdf}"
echo "$pdf and $(ls "${pdf%.pdf}"-*.png | wc -l) slide image(s) beside it"
