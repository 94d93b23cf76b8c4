/**
 * Loading labelled datasets (IDX, CSV, LibSVM; tables read by Spark) into memory, splitting them deterministically into
 * train / validation / test, and exposing them to Deeplearning4j.
 *
 * <p>Everything here is deterministic for a given {@link io.prunesweep.data.DataSource}: the same
 * files and seed produce byte-identical splits and therefore identical
 * {@link io.prunesweep.data.LabeledData#fingerprint() fingerprints} in every JVM. That property is what
 * lets Spark executors re-read the data themselves (see {@link io.prunesweep.data.DataCache}) instead
 * of receiving it from the driver, while results stay comparable across machines.
 *
 * <p>Tables ({@link io.prunesweep.data.DataFormat#PARQUET}, or DataFrames a program hands over) are the
 * exception: Spark reads them on the driver through a {@link io.prunesweep.data.TableReader}, this package
 * splits their rows exactly as it splits files ({@link io.prunesweep.data.DataLoader#fromTables}), and the
 * driver ships the splits to the executors as bytes ({@link io.prunesweep.data.DataSplits#toBytes()}), which
 * each executor JVM decodes once into its cache, keyed by the tables' content digest.
 *
 * <p>This package uses ND4J but must never depend on Spark.
 */
package io.prunesweep.data;
