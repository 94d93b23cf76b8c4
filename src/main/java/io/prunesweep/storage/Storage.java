package io.prunesweep.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * The file operations prunesweep needs, on a plain local path or on any Hadoop file system. Plain paths use
 * {@code java.nio} (so local runs behave exactly as they did before URIs were accepted); a URI uses Hadoop's
 * {@link FileSystem} for its scheme, configured by {@link #settings()}. Serializable, so a task can carry it
 * to an executor and read and write there with the driver's Hadoop settings.
 *
 * <p>{@code file:} URIs use Hadoop's raw local file system: no {@code .crc} side files appear beside the
 * outputs.
 *
 * <p>Size: about 390 lines, each operation written twice (java.nio for plain paths, Hadoop for URIs) next to
 * each other, so that the two paths' semantics (atomic write per store kind, exclusive create, listing) can be
 * compared line by line.
 */
public final class Storage implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Hadoop configuration key: comma-separated URI schemes written with {@link WriteMode#SINGLE_PUT}; the
     * default, {@value #DEFAULT_SINGLE_PUT_SCHEMES}, names the object stores whose objects appear only when
     * their upload completes.
     */
    public static final String SINGLE_PUT_SCHEMES = "prunesweep.storage.single-put-schemes";

    /** The object-store schemes written with a single create-and-close unless configured otherwise. */
    public static final String DEFAULT_SINGLE_PUT_SCHEMES = "s3a,s3,s3n,gs";

    private final HadoopSettings settings;

    /** A storage using {@code settings} for every URI. */
    public Storage(HadoopSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** A storage with Hadoop's defaults: enough for plain paths and {@code file:} URIs. */
    public static Storage withDefaults() {
        return new Storage(HadoopSettings.defaults());
    }

    /** The Hadoop settings URIs are opened with. */
    public HadoopSettings settings() {
        return settings;
    }

    /** How {@link #write} makes a file appear at once on the store holding {@code file}. */
    public WriteMode writeMode(Location file) {
        if (file.isPlainPath()) {
            return WriteMode.TEMP_AND_RENAME;
        }
        String schemes = settings.configuration().get(SINGLE_PUT_SCHEMES, DEFAULT_SINGLE_PUT_SCHEMES);
        Set<String> singlePut = Arrays.stream(schemes.split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return singlePut.contains(file.scheme()) ? WriteMode.SINGLE_PUT : WriteMode.TEMP_AND_RENAME;
    }

    /** True when a file or directory exists at {@code location}. */
    public boolean exists(Location location) throws IOException {
        if (location.isPlainPath()) {
            return Files.exists(location.localPath());
        }
        return fs(location).exists(path(location));
    }

    /** True when {@code location} is an existing directory. */
    public boolean isDirectory(Location location) throws IOException {
        if (location.isPlainPath()) {
            return Files.isDirectory(location.localPath());
        }
        try {
            return fs(location).getFileStatus(path(location)).isDirectory();
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    /** Opens {@code file} for reading; the caller closes the stream. */
    public InputStream open(Location file) throws IOException {
        if (file.isPlainPath()) {
            return Files.newInputStream(file.localPath());
        }
        return fs(file).open(path(file));
    }

    /** The whole content of {@code file}. */
    public byte[] readBytes(Location file) throws IOException {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        }
    }

    /** The whole content of {@code file} as UTF-8 text. */
    public String readString(Location file) throws IOException {
        return new String(readBytes(file), StandardCharsets.UTF_8);
    }

    /** The names of the entries of directory {@code dir}, sorted; empty when {@code dir} does not exist. */
    public List<String> list(Location dir) throws IOException {
        List<String> names = new ArrayList<>();
        if (dir.isPlainPath()) {
            try (DirectoryStream<java.nio.file.Path> ds = Files.newDirectoryStream(dir.localPath())) {
                ds.forEach(p -> names.add(p.getFileName().toString()));
            } catch (NoSuchFileException e) {
                return List.of();
            }
        } else {
            try {
                for (FileStatus s : fs(dir).listStatus(path(dir))) {
                    names.add(s.getPath().getName());
                }
            } catch (FileNotFoundException e) {
                return List.of();
            }
        }
        names.sort(null);
        return List.copyOf(names);
    }

    /** Creates directory {@code dir} and its parents; an existing directory is left as it is. */
    public void mkdirs(Location dir) throws IOException {
        if (dir.isPlainPath()) {
            Files.createDirectories(dir.localPath());
        } else if (!fs(dir).mkdirs(path(dir))) {
            throw new IOException("cannot create directory " + dir);
        }
    }

    /** Deletes a file or an empty directory; false when there was nothing to delete. */
    public boolean delete(Location location) throws IOException {
        if (location.isPlainPath()) {
            return Files.deleteIfExists(location.localPath());
        }
        return fs(location).delete(path(location), false);
    }

    /** Deletes {@code location} and, for a directory, everything under it; nothing happens when it is absent. */
    public void deleteRecursively(Location location) throws IOException {
        if (location.isPlainPath()) {
            java.nio.file.Path root = location.localPath();
            if (!Files.exists(root)) {
                return;
            }
            try (Stream<java.nio.file.Path> all = Files.walk(root)) {
                for (java.nio.file.Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } else {
            fs(location).delete(path(location), true);
        }
    }

    /**
     * Moves a file or directory to {@code target}, which must not exist: one atomic rename on the local disk
     * and HDFS; on an object store a copy of every object, then a delete (readers may see part of it meanwhile).
     */
    public void rename(Location source, Location target) throws IOException {
        if (source.isPlainPath() != target.isPlainPath()) {
            throw new IOException("cannot move " + source + " to " + target + ": not the same file system");
        }
        if (source.isPlainPath()) {
            Files.move(source.localPath(), target.localPath(), StandardCopyOption.ATOMIC_MOVE);
        } else if (!fs(source).rename(path(source), path(target))) {
            throw new IOException("cannot move " + source + " to " + target + " (the file system refused the rename)");
        }
    }

    /** {@link #write} of {@code text} as UTF-8. */
    public void writeString(Location file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code bytes} to {@code file}, replacing what is there, so that a reader sees the old content or
     * the new one, never a part: by {@link #writeMode}. Missing parent directories are created.
     */
    public void write(Location file, byte[] bytes) throws IOException {
        if (file.isPlainPath()) {
            writeLocal(file.localPath(), bytes);
        } else if (writeMode(file) == WriteMode.SINGLE_PUT) {
            writeSinglePut(fs(file), path(file), bytes);
        } else {
            writeAndRename(file, fs(file), path(file), bytes);
        }
    }

    /**
     * Creates {@code file} with {@code bytes} only if nothing exists there: the primitive of a lock. On the
     * local disk (a plain path or {@code file:}) this is the operating system's exclusive create; elsewhere
     * {@code FileSystem.create(path, overwrite=false)}, which HDFS's namenode decides atomically. Object stores
     * without conditional writes (S3A in Hadoop 3.3) check and then write, so two callers racing may both
     * succeed there.
     *
     * @return false when something already exists at {@code file}
     */
    public boolean createExclusive(Location file, byte[] bytes) throws IOException {
        if (file.isLocal()) {
            java.nio.file.Path p = file.localPath();
            Files.createDirectories(p.toAbsolutePath().getParent());
            try {
                Files.write(p, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        FileSystem fs = fs(file);
        Path p = path(file);
        FSDataOutputStream out;
        try {
            out = fs.create(p, false);
        } catch (IOException e) {
            // FileAlreadyExistsException, or HDFS's AlreadyBeingCreatedException while another client writes it
            if (fs.exists(p)) {
                return false;
            }
            throw e;
        }
        try (out) {
            out.write(bytes);
        } catch (IOException | RuntimeException e) {
            fs.delete(p, false);
            throw e;
        }
        return true;
    }

    private static void writeLocal(java.nio.file.Path file, byte[] bytes) throws IOException {
        java.nio.file.Path target = file.toAbsolutePath();
        java.nio.file.Path dir = target.getParent();
        Files.createDirectories(dir);
        // in the target directory because an atomic move cannot cross file systems
        java.nio.file.Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            // no-op after a successful move; otherwise stops failed writes littering the output directory
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeSinglePut(FileSystem fs, Path target, byte[] bytes) throws IOException {
        FSDataOutputStream out = fs.create(target, true);
        try {
            out.write(bytes);
        } catch (IOException | RuntimeException e) {
            // closing would complete the upload and publish a partial object; aborting discards it
            if (out.hasCapability(StreamCapabilities.ABORTABLE_STREAM)) {
                out.abort();
            } else {
                out.close();
            }
            throw e;
        }
        out.close();
    }

    private void writeAndRename(Location file, FileSystem fs, Path target, byte[] bytes) throws IOException {
        // a hidden name, so that listings of the directory (result ids) never see a file being written
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        boolean renamed = false;
        try {
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                out.write(bytes);
            }
            renamed = fs.rename(tmp, target);
            if (!renamed) {
                // FileSystem.rename never replaces a file on HDFS; FileContext's rename with OVERWRITE does,
                // atomically, where the file system supports it
                try {
                    FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(tmp, target, Options.Rename.OVERWRITE);
                } catch (UnsupportedFileSystemException e) {
                    throw new IOException("cannot replace " + file + ": the " + file.scheme() + " file system can "
                            + "neither rename over an existing file nor be used through Hadoop's FileContext", e);
                }
                renamed = true;
            }
        } finally {
            if (!renamed) {
                fs.delete(tmp, false); // a failed write leaves nothing behind
            }
        }
    }

    /** The modification time of {@code location} in milliseconds since the epoch, by the store's clock. */
    public long modifiedMillis(Location location) throws IOException {
        if (location.isPlainPath()) {
            return Files.getLastModifiedTime(location.localPath()).toMillis();
        }
        return fs(location).getFileStatus(path(location)).getModificationTime();
    }

    /**
     * What went wrong, in words a user can act on: an unknown scheme, an unreachable host, a missing bucket or
     * a refused permission are named as such; anything else by its exception class and message.
     */
    public static String explain(IOException e) {
        String name = e.getClass().getSimpleName();
        String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        if (e instanceof UnsupportedFileSystemException) {
            return "no Hadoop file system is available for this URI scheme (" + msg + "); the built-in ones are "
                    + "file: and hdfs:, s3a: needs hadoop-aws and its AWS SDK on the class path";
        }
        if (e instanceof ConnectException || e instanceof UnknownHostException
                || e instanceof NoRouteToHostException || e instanceof SocketTimeoutException) {
            return "cannot reach the file system's server (" + name + ": " + msg + ")";
        }
        if (e instanceof AccessDeniedException || name.equals("AccessControlException")) {
            return "permission denied (" + msg + ")";
        }
        if (name.equals("UnknownStoreException") || msg.contains("does not exist") && msg.contains("ucket")) {
            return "the bucket does not exist (" + msg + ")";
        }
        return name + ": " + msg;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Storage other && other.settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return "Storage" + settings.entries().keySet();
    }

    private FileSystem fs(Location location) throws IOException {
        Configuration conf = settings.configuration();
        FileSystem fs;
        try {
            fs = FileSystem.get(location.uri(), conf);
        } catch (RuntimeException e) {
            // Hadoop's defaults name s3a's class even where hadoop-aws is not installed
            if (e.getCause() instanceof ClassNotFoundException missing) {
                throw new UnsupportedFileSystemException("the class of the " + location.scheme() + " file system is "
                        + "not on the class path (" + missing.getMessage() + ")");
            }
            throw e;
        }
        return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    private static Path path(Location location) {
        return new Path(location.uri());
    }
}
