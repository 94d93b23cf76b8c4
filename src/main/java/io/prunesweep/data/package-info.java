/**
 * Loading labelled datasets (IDX, CSV, LibSVM) into memory, splitting them deterministically into
 * train / validation / test, and exposing them to Deeplearning4j.
 *
 * <p>Everything here is deterministic for a given {@link io.prunesweep.data.DataSource}: the same
 * files and seed produce byte-identical splits and therefore identical
 * {@link io.prunesweep.data.LabeledData#fingerprint() fingerprints} in every JVM. That property is what
 * lets Spark executors re-read the data themselves (see {@link io.prunesweep.data.DataCache}) instead
 * of receiving it from the driver, while results stay comparable across machines.
 *
 * <p>This package uses ND4J but must never depend on Spark.
 */
package io.prunesweep.data;
