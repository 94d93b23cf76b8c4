package io.prunesweep.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.fs.Abortable;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk under the scheme {@code faulty:}, failing where its Hadoop settings say: {@code
 * faulty.fail-rename} makes every rename throw, {@code faulty.fail-write} every write to a stream. Its streams
 * are abortable, like S3A's, and record whether they were aborted or closed in {@link #EVENTS}.
 */
public class FaultyFileSystem extends RawLocalFileSystem {
    /** "abort &lt;path&gt;" or "close &lt;path&gt;" for each stream ended, in order. */
    static final List<String> EVENTS = Collections.synchronizedList(new ArrayList<>());

    @Override
    public URI getUri() {
        return URI.create("faulty:///");
    }

    @Override
    public String getScheme() {
        return "faulty";
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        if (getConf().getBoolean("faulty.fail-rename", false)) {
            throw new IOException("injected rename failure of " + src);
        }
        return super.rename(src, dst);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
            short replication, long blockSize, Progressable progress) throws IOException {
        return recording(super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress), f);
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
            Progressable progress) throws IOException {
        return recording(super.create(f, overwrite, bufferSize, replication, blockSize, progress), f);
    }

    private FSDataOutputStream recording(FSDataOutputStream inner, Path f) throws IOException {
        boolean failWrite = getConf().getBoolean("faulty.fail-write", false);
        return new FSDataOutputStream(new Recording(inner, f, failWrite), null);
    }

    private static final class Recording extends OutputStream implements Abortable, StreamCapabilities {
        private final OutputStream inner;
        private final Path path;
        private final boolean failWrite;

        Recording(OutputStream inner, Path path, boolean failWrite) {
            this.inner = inner;
            this.path = path;
            this.failWrite = failWrite;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (failWrite) {
                inner.write(b, off, len / 2);
                throw new IOException("injected write failure after " + len / 2 + " bytes of " + path);
            }
            inner.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            EVENTS.add("close " + path.getName());
            inner.close();
        }

        @Override
        public AbortableResult abort() {
            EVENTS.add("abort " + path.getName());
            try {
                inner.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new AbortableResult() {
                @Override
                public boolean alreadyClosed() {
                    return false;
                }

                @Override
                public IOException anyCleanupException() {
                    return null;
                }
            };
        }

        @Override
        public boolean hasCapability(String capability) {
            return StreamCapabilities.ABORTABLE_STREAM.equals(capability);
        }
    }
}
