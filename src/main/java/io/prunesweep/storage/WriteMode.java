package io.prunesweep.storage;

/** How {@link Storage#write} makes a whole-file write appear to readers all at once on a given store. */
public enum WriteMode {
    /**
     * Write a hidden temporary file beside the target, then rename it over the target: local disks and HDFS,
     * where a rename is atomic and a file being written is visible while it grows.
     */
    TEMP_AND_RENAME,
    /**
     * One create-and-close at the final name: object stores (S3, GCS), where an object becomes visible only
     * when its upload completes and a rename is a copy. A failed write is aborted, so nothing is published.
     */
    SINGLE_PUT
}
