#!/usr/bin/env bash
# Runs every %spark paragraph of the Zeppelin notes under notebooks/ (or of the notes/directories given), in
# order, in one spark-shell with the prunesweep jar, and exits 1 if any paragraph fails. CI runs the same
# thing as the NotebooksIT integration test (mvn -B verify).
#
#   jobs/run-notebooks.sh [--work DIR] [--timeout SECONDS] [NOTE.zpln|DIR ...]
#
# The notes read PRUNESWEEP_SPEC (default conf/sweeps/quick.yaml) and PRUNESWEEP_OUT (default: the spec's
# output); relative paths resolve against the project directory. Needs a build: mvn -B -DskipTests package
# (target/repl-lib, the Spark REPL, is fetched here when missing).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java-opts.sh"
cd "$PRUNESWEEP_HOME"
if [ -z "$PRUNESWEEP_JAR" ] || [ ! -d target/lib ]; then
  echo "run-notebooks: not built yet; run: (cd $PRUNESWEEP_HOME && mvn -B -DskipTests package)" >&2
  exit 2
fi
if [ ! -d target/repl-lib ]; then
  # the pom's repl-lib execution (normally bound to pre-integration-test); -o first, Central if not cached yet
  mvn -B -q -o dependency:copy@repl-lib || mvn -B -q dependency:copy@repl-lib
fi
# The runner needs only the JDK and Jackson (in target/lib): run it as a single source file, no test build.
exec java -cp "target/lib/*" src/test/java/io/prunesweep/notebooks/NotebookRunner.java --home "$PRUNESWEEP_HOME" "$@"
