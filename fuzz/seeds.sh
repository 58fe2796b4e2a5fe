#!/usr/bin/env bash
# Makes the seed corpus of the fuzz target `werkboeken` from the test fixtures and the
# example project (the corpus is not committed; fuzzing adds to it): each seed is one byte that says which workbook it is and how it is read
# (see fuzz_targets/werkboeken.rs), followed by the workbook. With LibreOffice installed,
# the example is added as .ods and .xls too.
set -euo pipefail
cd "$(dirname "$0")"
out=corpus/werkboeken
mkdir -p "$out"
seed() { # seed CHOICE FILE NAME
  { printf "\\x$(printf %02x "$1")"; cat "$2"; } > "$out/$3"
}
# choice: even = stakeholders, odd = financien; /2: 0 xlsx, 1 ods, 2 xls, 3 and up: one XML
# part of the example's .xlsx (its parts in the order of fuzz_targets/werkboeken.rs)
seed 0 ../inputs/foodvalley/stakeholders.xlsx stakeholders-xlsx
seed 1 ../inputs/foodvalley/financien.xlsx financien-xlsx
seed 0 ../tests/fixtures/v1-foodvalley/stakeholders.xlsx v1-stakeholders-xlsx
seed 1 ../tests/fixtures/v1-foodvalley/financien.xlsx v1-financien-xlsx
seed 2 ../tests/fixtures/versleuteld.ods versleuteld-ods
seed 4 ../tests/fixtures/versleuteld.xls versleuteld-xls
part_seeds() { # part_seeds WORKBOOK-BIT FILE STEM
  local k=0 name
  while read -r name; do
    case "$name" in
      */_rels/sheet*) continue ;;
      xl/worksheets/sheet* | *sharedStrings.xml | *workbook.xml | *workbook.xml.rels | '[Content_Types].xml') ;;
      *) continue ;;
    esac
    # unzip reads names as patterns: [ must be written [[].
    { printf "\\x$(printf %02x $(((3 + k) * 2 + $1)))"; unzip -p "$2" "${name//[/[[]}"; } > "$out/$3-part$k"
    k=$((k + 1))
  done < <(unzip -Z1 "$2")
}
part_seeds 0 ../inputs/foodvalley/stakeholders.xlsx stakeholders
part_seeds 1 ../inputs/foodvalley/financien.xlsx financien
if command -v soffice >/dev/null 2>&1; then
  tmp=$(mktemp -d)
  for ext in ods xls; do
    soffice -env:UserInstallation="file://$tmp/profiel" --headless --convert-to "$ext" \
      --outdir "$tmp" ../inputs/foodvalley/stakeholders.xlsx ../inputs/foodvalley/financien.xlsx >/dev/null 2>&1
  done
  seed 2 "$tmp/stakeholders.ods" stakeholders-ods
  seed 3 "$tmp/financien.ods" financien-ods
  seed 4 "$tmp/stakeholders.xls" stakeholders-xls
  seed 5 "$tmp/financien.xls" financien-xls
  rm -rf "$tmp"
fi
ls -l "$out"
