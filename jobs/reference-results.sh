#!/usr/bin/env bash
# Reruns the reference sweeps that README and docs/SCHEDULES.md show, commits-ready: copies the files each
# table is rendered from (front.json, sweep.json, results/) to docs/results/<sweep>/, then regenerates every
# marked table of README.md and docs/SCHEDULES.md from them (prunesweep report --readme). A test
# (ReadmeTablesTest) checks that the tables equal what those files give.
#   jobs/reference-results.sh [sweep ...]     (default: all six reference sweeps)
# Run it on an otherwise idle machine: wall times are recorded in each front.json and shown in the docs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sweeps=("$@")
if [ ${#sweeps[@]} -eq 0 ]; then
  sweeps=(fashion-mlp fashion-cnn fashion-resnet fashion-mlp-schedules budget-halving keras-import)
fi
# always package: a jar older than the sources would render the tables with old code
mvn -B -q -DskipTests package
for s in "${sweeps[@]}"; do
  spec="conf/sweeps/$s.yaml"
  [ -f "$spec" ] || { echo "reference-results: no spec $spec" >&2; exit 2; }
  out="target/reference/$s"
  rm -rf "$out"
  jobs/prunesweep sweep --spec "$spec" --out "$out" --master 'local[2]'
  dest="docs/results/$s"
  rm -rf "$dest.tmp"
  mkdir -p "$dest.tmp"
  cp "$out/front.json" "$out/sweep.json" "$dest.tmp/"
  cp -r "$out/results" "$dest.tmp/results"
  rm -rf "$dest"
  mv "$dest.tmp" "$dest"
done
jobs/prunesweep report --readme README.md
jobs/prunesweep report --readme docs/SCHEDULES.md
