package io.prunesweep.storage;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file or directory, named either by a plain local path ({@code out/sweep}, {@code /data/x.gz}) or by a URI
 * of a Hadoop file system ({@code file:/tmp/x}, {@code hdfs://nn:8020/sweeps/a}, {@code s3a://bucket/a}).
 *
 * <p>A plain path stays a plain path, printed as given, so that local runs behave and read exactly as they did
 * before URIs were accepted. A scheme-less path is never resolved against Hadoop's {@code fs.defaultFS}: on a
 * cluster whose default file system is HDFS, {@code /data} still means the local disk, and HDFS must be
 * named with {@code hdfs://}.
 *
 * @param text the path or URI; a URI keeps no trailing slash
 */
public record Location(String text) implements Serializable {
    // two or more characters before ":/", so that a Windows drive letter (C:/) is not taken for a scheme
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):/");

    /** Validates and normalises: non-blank, and a URI parses and has a path. */
    public Location {
        Objects.requireNonNull(text, "location");
        if (text.isBlank()) {
            throw new IllegalArgumentException("location is blank");
        }
        if (SCHEME.matcher(text).find()) {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("location " + text + " is not a valid URI: " + e.getReason());
            }
            if (uri.getPath() == null || uri.getPath().isEmpty()) {
                // s3a://bucket names the bucket's root; a URI without a path names nothing else
                text = text + "/";
            }
            while (text.endsWith("/") && !isRoot(text)) {
                text = text.substring(0, text.length() - 1);
            }
        }
    }

    /** {@code text} as a location: a URI when it starts with {@code scheme:/}, a plain path otherwise. */
    public static Location of(String text) {
        return new Location(text);
    }

    /** A plain local path. */
    public static Location of(Path path) {
        return new Location(path.toString());
    }

    /** The URI scheme ({@code hdfs}, {@code s3a}, {@code file}, ...), or {@code ""} for a plain path. */
    public String scheme() {
        Matcher m = SCHEME.matcher(text);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
    }

    /** True for a plain local path (no scheme). */
    public boolean isPlainPath() {
        return scheme().isEmpty();
    }

    /** True when this names the local disk: a plain path or a {@code file:} URI. */
    public boolean isLocal() {
        return isPlainPath() || scheme().equals("file");
    }

    /**
     * The local path this names.
     *
     * @throws IllegalStateException for a location on another file system
     */
    public Path localPath() {
        if (isPlainPath()) {
            return Path.of(text);
        }
        if (scheme().equals("file")) {
            return Path.of(URI.create(text));
        }
        throw new IllegalStateException(text + " is not on the local file system");
    }

    /** The URI of a location with a scheme. */
    public URI uri() {
        return isPlainPath() ? Path.of(text).toAbsolutePath().toUri() : URI.create(text);
    }

    /** The child {@code name} of this directory; {@code name} may hold several segments ({@code a/b}). */
    public Location resolve(String name) {
        if (name.isEmpty() || name.startsWith("/")) {
            throw new IllegalArgumentException("child name '" + name + "' of " + text + " must be a relative path");
        }
        if (isPlainPath()) {
            return new Location(Path.of(text).resolve(name).toString());
        }
        return new Location(text.endsWith("/") ? text + name : text + "/" + name);
    }

    /** The entry {@code name} in the same directory as this one. */
    public Location resolveSibling(String name) {
        if (isPlainPath()) {
            return new Location(Path.of(text).resolveSibling(name).toString());
        }
        return parent().resolve(name);
    }

    /** The last segment of the path ({@code ""} for a root). */
    public String name() {
        if (isPlainPath()) {
            Path f = Path.of(text).getFileName();
            return f == null ? "" : f.toString();
        }
        String path = uri().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The directory holding this one.
     *
     * @throws IllegalStateException for a root, or a relative plain path of one segment (whose parent is the
     *         working directory: use {@link #absolute()} first)
     */
    public Location parent() {
        if (isPlainPath()) {
            Path p = Path.of(text).getParent();
            if (p == null) {
                throw new IllegalStateException(text + " has no parent directory");
            }
            return new Location(p.toString());
        }
        if (isRoot(text)) {
            throw new IllegalStateException(text + " has no parent directory");
        }
        // the text keeps no trailing slash and its path starts with one, so this cut leaves at least the root
        return new Location(text.substring(0, text.lastIndexOf('/') + 1));
    }

    /** A plain path made absolute and normalised against the working directory; a URI as it is. */
    public Location absolute() {
        return isPlainPath() ? new Location(Path.of(text).toAbsolutePath().normalize().toString()) : this;
    }

    @Override
    public String toString() {
        return text;
    }

    private static boolean isRoot(String uriText) {
        return "/".equals(URI.create(uriText).getPath());
    }
}
