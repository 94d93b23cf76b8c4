#!/usr/bin/env bash
# A sweep for cron or Airflow: resumes (only new or unfinished candidates run), never overlaps itself
# (the sweep directory is locked; a second run exits with code 3 and says why), and appends this run's
# front to <out>/history/ so you can see how the front moved when the base model or the data changed.
#
#   jobs/scheduled-sweep.sh --spec conf/sweeps/fashion-mlp.yaml [--out DIR] [--master local[2]]
#   jobs/scheduled-sweep.sh --spec hdfs://nn:8020/specs/nightly.yaml --out hdfs://nn:8020/sweeps/nightly
#
# --spec and --out take plain paths or URIs (file:, hdfs://, s3a://): the lock (<out>/.lock), the results that a
# rerun resumes from and <out>/history/ all live under --out, on whatever store it names.
#
# Exit codes: 0 done (possibly nothing to do), 2 bad input, 3 another run holds the lock, 1 failure.
# Runs locally through jobs/prunesweep; set PRUNESWEEP_LAUNCHER=jobs/submit-sweep.sh to go through
# spark-submit on a cluster instead. Examples: jobs/crontab.example, jobs/airflow_prunesweep_dag.py.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LAUNCHER="${PRUNESWEEP_LAUNCHER:-$HERE/prunesweep}"

usage() {
  echo "usage: $(basename "$0") --spec FILE [--out DIR] [--master MASTER] [--retry-failed]" >&2
  exit 2
}
spec=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --spec) [ $# -ge 2 ] || usage; spec="$2"; args+=("$1" "$2"); shift 2 ;;
    --out|--master) [ $# -ge 2 ] || usage; args+=("$1" "$2"); shift 2 ;;
    --retry-failed) args+=("$1"); shift ;;
    -h|--help) usage ;;
    *) echo "scheduled-sweep: unknown argument: $1" >&2; usage ;;
  esac
done
[ -n "$spec" ] || usage
case "$spec" in
  # a URI (hdfs://, s3a://, file:) is read through Hadoop's FileSystem by prunesweep, which names it if it fails
  [A-Za-z]*:*) ;;
  *) [ -f "$spec" ] || { echo "scheduled-sweep: spec file not found: $spec" >&2; exit 2; } ;;
esac

echo "scheduled-sweep: $(date -u +%Y-%m-%dT%H:%M:%SZ) starting $spec"
"$LAUNCHER" sweep "${args[@]}" --history
rc=$?
case $rc in
  0) echo "scheduled-sweep: done" ;;
  3) echo "scheduled-sweep: skipped: another run of this sweep is still in progress" >&2 ;;
  *) echo "scheduled-sweep: failed with exit code $rc (finished candidates are kept; the next run resumes)" >&2 ;;
esac
exit $rc
