#!/usr/bin/env bash
# Profiles the default fine-tune (LeNet-300-100, Adam, batch 128, float, one native thread, full
# Fashion-MNIST) with JDK Flight Recorder, Java and native method samples both every 10 ms.
#   jobs/profile-finetune.sh [--epochs N] [--sparsity S] [--out DIR]      (default: 3, 0.9, target/profile)
# Writes under DIR: mlp.zip (a 1-epoch base model, trained once and reused), finetune.jfr, prune.log,
# summary.txt (jfr summary), top.txt (sample shares within FineTuner.fineTune by part of the training step,
# by top frame and by method, see JfrTop) and rate.txt
# (training GFLOP/s of the fine-tune: 6 x 266,200 weights x examples x epochs / fine-tune seconds).
# Needs a build (mvn -B -DskipTests package) and the Fashion-MNIST IDX files (jobs/install-deps.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java-opts.sh"
cd "$PRUNESWEEP_HOME"
epochs=3
sparsity=0.9
out=target/profile
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --sparsity) sparsity="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "profile-finetune: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$PRUNESWEEP_JAR" ] || [ ! -d target/lib ]; then
  echo "profile-finetune: not built yet; run: (cd $PRUNESWEEP_HOME && mvn -B -DskipTests package)" >&2
  exit 2
fi
mkdir -p "$out"
if [ ! -f "$out/mlp.zip" ]; then
  jobs/prunesweep train --model mlp --epochs 1 --out "$out/mlp.zip" > "$out/train.log"
fi
# JDK 17's profile settings sample native frames every 20 ms; 10 ms like the Java samples lets JfrTop add
# the two kinds of sample into one breakdown of the training thread's time.
jdk_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
sed 's/<setting name="period" control="method-sampling-native-interval">20 ms</<setting name="period" control="method-sampling-native-interval">10 ms</' \
  "$jdk_home/lib/jfr/profile.jfc" > "$out/sampling.jfc"
grep -q 'method-sampling-native-interval">10 ms' "$out/sampling.jfc" \
  || { echo "profile-finetune: could not set the native sampling period in $jdk_home/lib/jfr/profile.jfc" >&2; exit 1; }
JAVA_OPTS="-Xmx4g -XX:FlightRecorderOptions:stackdepth=256 \
-XX:StartFlightRecording:filename=$out/finetune.jfr,settings=$out/sampling.jfc" \
  jobs/prunesweep prune --model "$out/mlp.zip" --sparsity "$sparsity" --fine-tune-epochs "$epochs" \
  2> "$out/prune.err" | tee "$out/prune.log"
jfr summary "$out/finetune.jfr" > "$out/summary.txt"
java src/test/java/io/prunesweep/perf/JfrTop.java "$out/finetune.jfr" --within FineTuner.fineTune > "$out/top.txt"
ms="$(sed -n 's/.*fine-tuned [0-9]* epoch(s) in \([0-9]*\) ms.*/\1/p' "$out/prune.log")"
# the prune command's default split: 60,000 training images minus 5,000 for validation
awk -v ms="$ms" -v e="$epochs" -v n=55000 'BEGIN {
  printf "fine-tune: %d epoch(s) of %d examples in %.2f s = %.2f s/epoch, %.1f GFLOP/s of training (6 x 266200 x examples x epochs / s)\n",
         e, n, ms / 1000, ms / 1000 / e, 6 * 266200 * n * e / (ms / 1000) / 1e9 }' | tee "$out/rate.txt"
head -n 40 "$out/top.txt"
