package io.prunesweep.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Location} on the {@link Storage} that reads and writes it, used the way {@code java.nio}'s
 * {@link Path} is used with its file system: resolve children, then read or write. Serializable, so a task
 * can carry its output directory, Hadoop settings included, to an executor.
 *
 * @param storage  the storage holding it
 * @param location where it is
 */
public record StoragePath(Storage storage, Location location) implements Serializable {
    /** Both are required. */
    public StoragePath {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(location, "location");
    }

    /** A plain local path, with Hadoop's defaults (which plain paths never use). */
    public static StoragePath local(Path path) {
        return new StoragePath(Storage.withDefaults(), Location.of(path));
    }

    /** {@code text} (a plain path or a URI) on {@code storage}. */
    public static StoragePath of(Storage storage, String text) {
        return new StoragePath(storage, Location.of(text));
    }

    /** The child {@code name} (one or more segments). */
    public StoragePath resolve(String name) {
        return new StoragePath(storage, location.resolve(name));
    }

    /** The entry {@code name} in the same directory. */
    public StoragePath resolveSibling(String name) {
        return new StoragePath(storage, location.resolveSibling(name));
    }

    /** The parent directory. */
    public StoragePath parent() {
        return new StoragePath(storage, location.parent());
    }

    /** The last segment. */
    public String name() {
        return location.name();
    }

    /** A plain path made absolute and normalised; a URI as it is. */
    public StoragePath absolute() {
        return new StoragePath(storage, location.absolute());
    }

    /** True on the local disk (a plain path or a {@code file:} URI). */
    public boolean isLocal() {
        return location.isLocal();
    }

    /** The local path; see {@link Location#localPath}. */
    public Path localPath() {
        return location.localPath();
    }

    /** See {@link Storage#exists}. */
    public boolean exists() throws IOException {
        return storage.exists(location);
    }

    /** See {@link Storage#isDirectory}. */
    public boolean isDirectory() throws IOException {
        return storage.isDirectory(location);
    }

    /** See {@link Storage#open}. */
    public InputStream open() throws IOException {
        return storage.open(location);
    }

    /** See {@link Storage#readBytes}. */
    public byte[] readBytes() throws IOException {
        return storage.readBytes(location);
    }

    /** See {@link Storage#readString}. */
    public String readString() throws IOException {
        return storage.readString(location);
    }

    /** See {@link Storage#list}. */
    public List<String> list() throws IOException {
        return storage.list(location);
    }

    /** See {@link Storage#mkdirs}. */
    public void mkdirs() throws IOException {
        storage.mkdirs(location);
    }

    /** See {@link Storage#delete}. */
    public boolean delete() throws IOException {
        return storage.delete(location);
    }

    /** See {@link Storage#deleteRecursively}. */
    public void deleteRecursively() throws IOException {
        storage.deleteRecursively(location);
    }

    /** See {@link Storage#rename}. */
    public void renameTo(StoragePath target) throws IOException {
        storage.rename(location, target.location);
    }

    /** See {@link Storage#write}: atomic for readers on every store. */
    public void write(byte[] bytes) throws IOException {
        storage.write(location, bytes);
    }

    /** See {@link Storage#writeString}. */
    public void writeString(String text) throws IOException {
        storage.writeString(location, text);
    }

    /** See {@link Storage#createExclusive}. */
    public boolean createExclusive(byte[] bytes) throws IOException {
        return storage.createExclusive(location, bytes);
    }

    /** The location as given (a plain path or a URI), for messages. */
    @Override
    public String toString() {
        return location.toString();
    }
}
