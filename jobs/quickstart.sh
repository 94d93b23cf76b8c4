#!/usr/bin/env bash
# One command for a fresh Debian machine with Java 17: installs what prunesweep needs (Maven, the
# Fashion-MNIST package), builds it, and runs a real sweep (conf/sweeps/quick.yaml) on local Spark.
#   bash jobs/quickstart.sh            # then open target/sweeps/quick/report.html
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash jobs/install-deps.sh
mvn -B -q -DskipTests package
exec jobs/prunesweep sweep --spec conf/sweeps/quick.yaml "$@"
