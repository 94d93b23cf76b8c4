# Sourced by the launchers and by jobs/sync-jvm-settings.sh. Reads the JVM and native settings from their
# one source, conf/jvm.options (the Java 17 flags every JVM that runs Spark needs) and conf/native-env
# (OMP_NUM_THREADS etc.), and sets:
#   JAVA17_OPENS        the options of conf/jvm.options, space-separated (for java and extraJavaOptions)
#   EXECUTOR_ENV_CONF   (array) --conf spark.executorEnv.NAME=VALUE for each native-env setting
# and exports each native-env setting unless the environment already has it (an explicit value wins, and
# then reaches the executors too).
PRUNESWEEP_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRUNESWEEP_JAR="$(ls "$PRUNESWEEP_HOME"/target/prunesweep-*.jar 2>/dev/null | head -n 1 || true)"

# The options of a java @argument file, one per line: comments (# to the end of the line) and blanks dropped.
jvm_options() {
  local line
  [ -r "$1" ] || { echo "cannot read JVM options file $1" >&2; return 2; }
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%%#*}"
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    if [ -n "$line" ]; then printf '%s\n' "$line"; fi
  done < "$1"
}

# The NAME=VALUE lines of a native-env file; anything else is an error naming the file, line and text.
native_env() {
  local line n=0
  [ -r "$1" ] || { echo "cannot read native environment file $1" >&2; return 2; }
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    line="${line%%#*}"
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [ -n "$line" ] || continue
    if [[ ! "$line" =~ ^[A-Za-z_][A-Za-z0-9_]*=[^[:space:]]+$ ]]; then
      echo "$1 line $n: expected NAME=VALUE (no blanks), found '$line'" >&2
      return 2
    fi
    printf '%s\n' "$line"
  done < "$1"
}

_opts="$(jvm_options "$PRUNESWEEP_HOME/conf/jvm.options")" || exit 2
JAVA17_OPENS="$(printf '%s' "$_opts" | tr '\n' ' ')"
_env="$(native_env "$PRUNESWEEP_HOME/conf/native-env")" || exit 2
EXECUTOR_ENV_CONF=()
while IFS='=' read -r _name _value; do
  [ -n "$_name" ] || continue
  export "$_name=${!_name:-$_value}"
  EXECUTOR_ENV_CONF+=(--conf "spark.executorEnv.$_name=${!_name}")
done <<< "$_env"
unset _opts _env _name _value
