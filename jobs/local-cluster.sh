#!/usr/bin/env bash
# A real Spark standalone cluster on loopback, built from the Maven artifacts only (no Spark download):
# a Master and two Workers (1 core, 1536m each) bound to 127.0.0.1, for trying prunesweep the way it runs
# on a cluster (separate executor JVMs, executors that can die) and for the reliability tests.
#
#   jobs/local-cluster.sh start             # build the Spark home, start master + 2 workers, wait for them
#   jobs/local-cluster.sh status            # pids, master URL, registered workers
#   jobs/local-cluster.sh submit sweep --spec conf/sweeps/quick.yaml --out /tmp/q-cluster
#   jobs/local-cluster.sh stop
#
# Everything lives under target/local-cluster/: spark-home/jars (symlinks to Spark's jars in target/lib),
# *.pid, logs/, work-N/ (the workers' executor directories, with each executor's stdout/stderr).
#
# Which jars go where, as on a real cluster:
#  * spark-home/jars = target/lib minus the application's own runtime dependencies: what a Spark 3.5
#    distribution ships. Jars both need (Jackson 2.15, slf4j-api, snakeyaml, commons-io/lang3/math3) stay
#    here: a Spark distribution ships them too.
#  * submit ships the app jar and its own dependencies (DL4J, ND4J, JavaCPP/OpenBLAS natives, picocli, ...)
#    with --jars: the list is Maven's runtime classpath (`dependency:build-classpath -DincludeScope=runtime`,
#    written by `mvn package` to target/app-jars.txt). We deliberately do not use
#    spark.executor.extraClassPath pointing at target/lib, which only works because this "cluster" shares
#    the driver's disk.
#
# Environment: LOCAL_CLUSTER_DIR (target/local-cluster), CLUSTER_PORT (7077), CLUSTER_UI_PORT (8080), WORKER_MEMORY (1536m), WORKER_CORES (1),
# WORKERS (2). Workers need SPARK_SCALA_VERSION=2.12 (the launcher otherwise looks for a Spark source
# build and the master relaunches failing executors in a loop).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java-opts.sh"

DIR="${LOCAL_CLUSTER_DIR:-$PRUNESWEEP_HOME/target/local-cluster}"
SPARK_HOME_DIR="$DIR/spark-home"
PORT="${CLUSTER_PORT:-7077}"
UI_PORT="${CLUSTER_UI_PORT:-8080}"
WORKERS="${WORKERS:-2}"
MASTER_URL="spark://127.0.0.1:$PORT"
export SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=127.0.0.1

usage() {
  cat >&2 <<USAGE
usage: jobs/local-cluster.sh start|stop|status
       jobs/local-cluster.sh submit <prunesweep arguments>   e.g. submit sweep --spec conf/sweeps/quick.yaml
       jobs/local-cluster.sh app-jars                       print the comma-separated --jars list
Runs a Spark standalone master and $WORKERS workers on 127.0.0.1:$PORT (state in target/local-cluster/).
USAGE
  exit 2
}

require_build() {
  if [ -z "$PRUNESWEEP_JAR" ] || [ ! -d "$PRUNESWEEP_HOME/target/lib" ]; then
    echo "local-cluster: not built yet; run: (cd $PRUNESWEEP_HOME && mvn -B -o package -DskipTests)" >&2
    exit 2
  fi
}

# The application's own runtime dependencies (absolute paths, one a line): `mvn package` lists exactly
# Maven's runtime scope, as their copies in target/lib, in target/app-jars.txt (comma-separated).
app_deps() {
  local list="$PRUNESWEEP_HOME/target/app-jars.txt"
  [ -f "$list" ] || { echo "local-cluster: $list missing; run: mvn -B package -DskipTests" >&2; exit 2; }
  tr ',' '\n' < "$list" | sed '/^$/d'
}

# Jars a Spark 3.5 distribution ships as well: they stay on Spark's classpath, not in --jars.
shared_with_spark() {
  case "$(basename "$1")" in
    jackson-annotations-*|jackson-core-*|jackson-databind-*|jackson-dataformat-yaml-*|snakeyaml-*|slf4j-api-*|\
    commons-io-*|commons-lang3-*|commons-math3-*) return 0 ;;
    *) return 1 ;;
  esac
}

app_jars() {
  require_build
  local out="$PRUNESWEEP_JAR" j
  while read -r j; do
    shared_with_spark "$j" || out="$out,$j"
  done < <(app_deps)
  echo "$out"
}

build_home() {
  require_build
  rm -rf "$SPARK_HOME_DIR"
  mkdir -p "$SPARK_HOME_DIR/jars" "$SPARK_HOME_DIR/conf" "$DIR/logs"
  declare -A app=()
  local j
  while read -r j; do
    shared_with_spark "$j" || app[$(basename "$j")]=1
  done < <(app_deps)
  for j in "$PRUNESWEEP_HOME"/target/lib/*.jar; do
    [ -n "${app[$(basename "$j")]:-}" ] || ln -s "$j" "$SPARK_HOME_DIR/jars/"
  done
  # the daemons log at INFO (registrations, executor launches and exits): that log is the cluster's story
  sed 's/^rootLogger.level = warn/rootLogger.level = info/' "$PRUNESWEEP_HOME/conf/log4j2.properties" \
    > "$SPARK_HOME_DIR/conf/log4j2.properties"
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

launch() { # name pidfile class args...
  local name=$1 pidfile=$2; shift 2
  SPARK_HOME="$SPARK_HOME_DIR" nohup java -Xmx256m -cp "$SPARK_HOME_DIR/conf:$SPARK_HOME_DIR/jars/*" \
    -Dlog4j2.configurationFile="$SPARK_HOME_DIR/conf/log4j2.properties" "$@" \
    > "$DIR/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
}

registered_workers() {
  # the master logs one line per registration
  grep -c "Registering worker" "$DIR/logs/master.log" 2>/dev/null || true
}

start() {
  if alive "$DIR/master.pid"; then
    echo "local-cluster: already running (master pid $(cat "$DIR/master.pid")); stop it first" >&2
    exit 1
  fi
  build_home
  launch master "$DIR/master.pid" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$PORT" --webui-port "$UI_PORT"
  local i
  for i in $(seq 1 "$WORKERS"); do
    mkdir -p "$DIR/work-$i"
    launch "worker-$i" "$DIR/worker-$i.pid" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --webui-port 0 --cores "${WORKER_CORES:-1}" --memory "${WORKER_MEMORY:-1536m}" \
      --work-dir "$DIR/work-$i" "$MASTER_URL"
  done
  for i in $(seq 1 120); do
    if [ "$(registered_workers)" -ge "$WORKERS" ]; then
      echo "local-cluster: $MASTER_URL up with $WORKERS workers (logs in $DIR/logs)"
      return 0
    fi
    if ! alive "$DIR/master.pid"; then
      echo "local-cluster: master died; see $DIR/logs/master.log" >&2
      stop >/dev/null; exit 1
    fi
    sleep 0.5
  done
  echo "local-cluster: workers did not register within 60 s; see $DIR/logs" >&2
  stop >/dev/null
  exit 1
}

stop() {
  local f
  for f in "$DIR"/worker-*.pid "$DIR/master.pid"; do
    [ -f "$f" ] || continue
    if alive "$f"; then
      local pid; pid=$(cat "$f")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
  echo "local-cluster: stopped"
}

status() {
  local f running=0
  for f in "$DIR/master.pid" "$DIR"/worker-*.pid; do
    [ -f "$f" ] || continue
    if alive "$f"; then echo "$(basename "$f" .pid): pid $(cat "$f") running"; running=1
    else echo "$(basename "$f" .pid): pid $(cat "$f") NOT running"; fi
  done
  if [ "$running" = 1 ]; then
    echo "master: $MASTER_URL, workers registered: $(registered_workers)"
  else
    echo "local-cluster: not running"; return 3
  fi
}

submit() {
  [ $# -ge 1 ] || usage
  alive "$DIR/master.pid" || { echo "local-cluster: not running; run: jobs/local-cluster.sh start" >&2; exit 2; }
  local jars; jars=$(app_jars)
  # The driver (this JVM) needs the Java 17 opens on its command line; executors get them through
  # spark.executor.extraJavaOptions. Spark's own jars come from the Spark home, as under spark-submit.
  # shellcheck disable=SC2086
  SPARK_HOME="$SPARK_HOME_DIR" exec java ${JAVA_OPTS:--Xmx2g} $JAVA17_OPENS \
    -Dlog4j2.configurationFile="$PRUNESWEEP_HOME/conf/log4j2.properties" \
    -cp "$SPARK_HOME_DIR/conf:$SPARK_HOME_DIR/jars/*" org.apache.spark.deploy.SparkSubmit \
    --master "$MASTER_URL" --deploy-mode client \
    --properties-file "$PRUNESWEEP_HOME/conf/spark-defaults.conf" \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false \
    --conf "spark.driver.extraJavaOptions=$JAVA17_OPENS" \
    --conf "spark.executor.extraJavaOptions=$JAVA17_OPENS" \
    --conf spark.executorEnv.SPARK_SCALA_VERSION=2.12 "${EXECUTOR_ENV_CONF[@]}" \
    --conf spark.executor.memory="${EXECUTOR_MEMORY:-1g}" \
    --jars "${jars#*,}" --class io.prunesweep.cli.Main "$PRUNESWEEP_JAR" "$@"
}

[ $# -ge 1 ] || usage
cmd=$1; shift
case "$cmd" in
  start) [ $# -eq 0 ] || usage; start ;;
  stop) [ $# -eq 0 ] || usage; stop ;;
  status) [ $# -eq 0 ] || usage; status ;;
  submit) submit "$@" ;;
  app-jars) [ $# -eq 0 ] || usage; app_jars ;;
  -h|--help|help) usage ;;
  *) echo "local-cluster: unknown command '$cmd'" >&2; usage ;;
esac
