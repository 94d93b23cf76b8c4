"""Example Airflow DAG (EXAMPLE: not run here; Airflow is not part of this project's test set-up).

Runs the reference sweep nightly through spark-submit on a cluster with SparkSubmitOperator. The sweep
resumes by itself (only new candidates run) and locks its output directory, so a slow run and the next
one never overlap: the second fails fast with exit code 3, which max_active_runs=1 avoids anyway.
The output directory must be on a filesystem the driver and every executor share (NFS, or a local path
on a one-machine cluster).
"""
import glob
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAVA17_OPENS = " ".join([
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
])

with DAG(
    dag_id="prunesweep_fashion_mlp",
    start_date=datetime(2026, 1, 1),
    schedule="30 2 * * *",
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
) as dag:
    SparkSubmitOperator(
        task_id="sweep",
        conn_id="spark_default",
        application="/opt/prunesweep/target/prunesweep-0.1.0-SNAPSHOT.jar",
        java_class="io.prunesweep.cli.Main",
        # the application's own dependencies (DL4J, ND4J natives, picocli, ...): mvn package puts them in target/app-lib
        jars=",".join(sorted(glob.glob("/opt/prunesweep/target/app-lib/*.jar"))),
        application_args=["sweep", "--spec", "/opt/prunesweep/conf/sweeps/fashion-mlp.yaml", "--history"],
        conf={
            "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
            "spark.kryo.registrator": "io.prunesweep.spark.PruneSweepKryoRegistrator",
            "spark.kryo.registrationRequired": "true",
            "spark.task.cpus": "1",
            "spark.executorEnv.OMP_NUM_THREADS": "1",
            "spark.executorEnv.OMP_WAIT_POLICY": "PASSIVE",
            "spark.driver.extraJavaOptions": JAVA17_OPENS,
            "spark.executor.extraJavaOptions": JAVA17_OPENS,
        },
        env_vars={"OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE"},
    )
