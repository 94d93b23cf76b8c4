#!/usr/bin/env bash
# Submits a prunesweep sweep to a real Spark 3.5 (Scala 2.12) cluster with that cluster's spark-submit.
#
#   jobs/submit-sweep.sh --master <url> [--deploy-mode client|cluster] [spark-submit options...] \
#       -- sweep --spec <spec.yaml> [--out <dir>] [--retry-failed]
#
# Everything before "--" goes to spark-submit, everything after it to prunesweep. The script adds:
#   --properties-file conf/spark-defaults.conf   (Kryo registration, 1 thread per task, no speculation)
#   spark.driver/executor.extraJavaOptions      (the Java 17 flags of conf/jvm.options, via jobs/java-opts.sh)
#   spark.executorEnv.*                         (conf/native-env: OMP_NUM_THREADS, OMP_WAIT_POLICY)
#   --jars <the app's own dependencies>         (DL4J, ND4J + JavaCPP/OpenBLAS natives, picocli, ...: Maven's
#                                                runtime classpath minus what a Spark distribution ships)
#   --class io.prunesweep.cli.Main target/prunesweep-*.jar
#   spark.yarn.appMasterEnv.*                   (the same native-env settings for a YARN cluster-mode driver)
# Requirements: SPARK_HOME (or spark-submit on PATH) of a Spark 3.5.x / Scala 2.12 build (with YARN support
# for --master yarn: its jars/ holds spark-yarn_2.12); Java 17 on every node; the data and the --out directory
# where every executor reaches them: a hdfs:// or s3a:// URI, or a path every node sees (NFS or similar: each
# task writes its own result file there); linux-x86_64 nodes (the bundled natives).
#
# Standalone:  jobs/submit-sweep.sh --master spark://master:7077 --executor-memory 2g --total-executor-cores 8 \
#                -- sweep --spec conf/sweeps/quick.yaml --out /shared/sweeps/quick
# YARN:        HADOOP_CONF_DIR=/etc/hadoop/conf jobs/submit-sweep.sh --master yarn --deploy-mode cluster \
#                --num-executors 4 --executor-cores 1 --executor-memory 2g --conf spark.executor.memoryOverhead=1g \
#                --files my-sweep.yaml -- sweep --spec my-sweep.yaml --out hdfs:///sweeps/my-sweep
#              (the spec's data.dir and model.path on HDFS too, e.g. hdfs:///data/fashion-mnist. In cluster mode
#              the driver runs in a YARN container: the spec travels with --files and is named by its file name,
#              or is a URI (--spec hdfs:///specs/my-sweep.yaml); in client mode the driver stays on this host and
#              --spec may be a local path. ND4J's arrays are off-heap: YARN's physical-memory check counts them
#              against heap + overhead. YarnIT runs both modes on a MiniYARNCluster with HDFS.)
# Kubernetes:  jobs/submit-sweep.sh --master k8s://https://<api-server>:6443 --deploy-mode cluster \
#                --conf spark.kubernetes.container.image=<image with Spark 3.5 + Java 17> \
#                --conf spark.kubernetes.executor.volumes.persistentVolumeClaim.sweeps.mount.path=/sweeps \
#                --conf spark.kubernetes.executor.volumes.persistentVolumeClaim.sweeps.options.claimName=<pvc> \
#                (same for spark.kubernetes.driver.volumes...) -- sweep --spec /sweeps/quick.yaml --out /sweeps/out
#              (the jars are uploaded through spark.kubernetes.file.upload.path, or bake them into the image)
# Try it locally against jobs/local-cluster.sh:  jobs/local-cluster.sh start
#   SPARK_HOME=target/local-cluster/spark-home jobs/submit-sweep.sh --master spark://127.0.0.1:7077 \
#     --conf spark.executorEnv.SPARK_SCALA_VERSION=2.12 -- sweep --spec conf/sweeps/quick.yaml --out /tmp/q
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java-opts.sh"

usage() {
  sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  echo "see the header of jobs/submit-sweep.sh for standalone, YARN and Kubernetes examples" >&2
  exit 2
}

submit_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in -h|--help) usage ;; esac
  submit_args+=("$1"); shift
done
[ $# -gt 0 ] || { echo "submit-sweep: missing '--' before the prunesweep arguments" >&2; usage; }
shift
[ $# -gt 0 ] || { echo "submit-sweep: no prunesweep arguments after '--'" >&2; usage; }
printf '%s\n' "${submit_args[@]}" | grep -qx -- "--master" || { echo "submit-sweep: --master is required" >&2; usage; }

if [ -z "$PRUNESWEEP_JAR" ] || [ ! -d "$PRUNESWEEP_HOME/target/lib" ]; then
  echo "submit-sweep: not built yet; run: (cd $PRUNESWEEP_HOME && mvn -B package -DskipTests)" >&2
  exit 2
fi
if [ -n "${SPARK_HOME:-}" ]; then
  SPARK_SUBMIT=("$SPARK_HOME/bin/spark-submit")
  if [ ! -x "${SPARK_SUBMIT[0]}" ]; then # a home without bin/ (e.g. target/local-cluster/spark-home)
    # the class path bin/spark-submit would build: Spark's jars, then the Hadoop/YARN client configuration
    # (--master yarn reads the ResourceManager's and the default file system's addresses from there)
    cp="$SPARK_HOME/jars/*"
    for d in "${HADOOP_CONF_DIR:-}" "${YARN_CONF_DIR:-}"; do
      if [ -n "$d" ]; then cp="$cp:$d"; fi
    done
    # shellcheck disable=SC2206
    SPARK_SUBMIT=(java $JAVA17_OPENS -cp "$cp" org.apache.spark.deploy.SparkSubmit)
  fi
elif command -v spark-submit >/dev/null; then
  SPARK_SUBMIT=(spark-submit)
else
  echo "submit-sweep: set SPARK_HOME or put spark-submit on PATH" >&2
  exit 2
fi
AM_ENV_CONF=()
for ((i = 1; i < ${#EXECUTOR_ENV_CONF[@]}; i += 2)); do
  AM_ENV_CONF+=(--conf "${EXECUTOR_ENV_CONF[i]/#spark.executorEnv./spark.yarn.appMasterEnv.}")
done
JARS=$("$PRUNESWEEP_HOME/jobs/local-cluster.sh" app-jars)
JARS=${JARS#*,}   # the app jar itself is the primary resource
exec "${SPARK_SUBMIT[@]}" "${submit_args[@]}" \
  --properties-file "$PRUNESWEEP_HOME/conf/spark-defaults.conf" \
  --conf "spark.driver.extraJavaOptions=$JAVA17_OPENS" \
  --conf "spark.executor.extraJavaOptions=$JAVA17_OPENS" \
  "${EXECUTOR_ENV_CONF[@]}" "${AM_ENV_CONF[@]}" \
  --jars "$JARS" --class io.prunesweep.cli.Main "$PRUNESWEEP_JAR" "$@"
