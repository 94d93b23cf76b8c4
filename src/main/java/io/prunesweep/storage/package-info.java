/**
 * Where a sweep's inputs and outputs live: a plain local path or a Hadoop file-system URI ({@code file:},
 * {@code hdfs://}, {@code s3a://}, ...), and the few operations prunesweep needs on them.
 *
 * <p>A {@link io.prunesweep.storage.Location} names a file or directory; {@link io.prunesweep.storage.Storage}
 * reads, lists, deletes and writes it. Plain paths go through {@code java.nio} exactly as before this package
 * existed; URIs go through {@code org.apache.hadoop.fs.FileSystem} with the Hadoop configuration carried by
 * {@link io.prunesweep.storage.HadoopSettings}, which is serializable so that executors use the driver's
 * settings. A whole-file write is atomic for readers on every store, by the means that store offers
 * ({@link io.prunesweep.storage.WriteMode}).
 *
 * <p>This package depends on the JDK and Hadoop's client API only, so every other package may use it.
 */
package io.prunesweep.storage;
