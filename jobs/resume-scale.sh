#!/usr/bin/env bash
# Measures what the driver's resume costs with N finished results (default 10000), on the local disk and on an
# in-process MiniDFS (io.prunesweep.perf.ResumeScale, test scope: MiniDFS is a test dependency), and writes
# target/resume-scale.md. The figures and what they mean: docs/RELIABILITY.md, "Resume at 10,000 results".
#
#   jobs/resume-scale.sh [N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n="${1:-10000}"
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java -Xmx3g @conf/jvm.options -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
  io.prunesweep.perf.ResumeScale "$n" target/resume-scale.md
