package io.prunesweep.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.prunesweep.storage.StoragePath;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Reads and writes models, on the local disk or any store {@link StoragePath} reaches (HDFS, S3): DL4J writes
 * to and reads from memory, never a local file of ours. Models are read only through DL4J's
 * {@link ModelSerializer}, never by deserialising arbitrary classes; a write is atomic for readers
 * ({@link StoragePath#write}), so a crash never leaves a half-written zip under the final name.
 */
public final class ModelStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelStore() {
    }

    /** Where the sidecar of {@code zip} lives: same name with {@code .json}. */
    public static Path sidecarPath(Path zip) {
        return zip.resolveSibling(sidecarName(zip.getFileName().toString()));
    }

    private static String sidecarName(String zipName) {
        return (zipName.endsWith(".zip") ? zipName.substring(0, zipName.length() - 4) : zipName) + ".json";
    }

    /**
     * Serialises a network (without updater state) to bytes, e.g. for a Spark broadcast.
     *
     * @throws UncheckedIOException if DL4J fails to write it: a failure at run time, not bad input
     */
    public static byte[] toBytes(Net net) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            ModelSerializer.writeModel(net.model(), bos, false);
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise model: " + e.getMessage(), e);
        }
    }

    /**
     * Rebuilds a network from {@link #toBytes} output. Every call returns a network of its own; a sweep
     * rebuilds the same base model for every candidate, so the zip is parsed once per JVM and later calls
     * with the same bytes get a copy of that parse ({@link TemplateCache}), which has the same configuration,
     * the same parameters bit for bit and, like a fresh parse, no updater state.
     */
    public static Net fromBytes(byte[] bytes, String what) {
        return TemplateCache.SHARED.copyOf(bytes, b -> parse(b, what));
    }

    /**
     * Parses a model zip with DL4J, without the cache. The kind of network is read from the zip's
     * {@code configuration.json}: a {@code ComputationGraphConfiguration} has {@code "vertices"}, a
     * {@code MultiLayerConfiguration} has {@code "confs"}.
     */
    static Net parse(byte[] bytes, String what) {
        boolean graph = isGraph(bytes, what);
        try {
            return graph ? Net.of(ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), false))
                    : Net.of(ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false));
        } catch (Exception | Error e) {
            throw new ModelException(what + ": not a DL4J " + (graph ? "ComputationGraph" : "MultiLayerNetwork")
                    + " zip (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    /** Whether the zip holds a ComputationGraph, from the top-level keys of its configuration.json. */
    private static boolean isGraph(byte[] bytes, String what) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals("configuration.json")) {
                    var root = JSON.readTree(zip.readAllBytes());
                    if (root.has("vertices")) {
                        return true;
                    }
                    if (root.has("confs")) {
                        return false;
                    }
                    throw new ModelException(what + ": configuration.json has neither \"confs\" (MultiLayerNetwork) "
                            + "nor \"vertices\" (ComputationGraph)");
                }
            }
        } catch (IOException e) {
            throw new ModelException(what + ": not a DL4J model zip (" + e.getMessage() + ")", e);
        }
        throw new ModelException(what + ": not a DL4J model zip (no configuration.json)");
    }

    /**
     * Writes the model zip atomically, and the sidecar if given.
     *
     * @return the zip's length in bytes (what {@code SizeMetrics.zipBytes} counts for the same network)
     * @throws UncheckedIOException if it cannot be written (disk full, a path component that is a file, no
     *                              permission): a failure at run time, so the CLI exits 1, not 2
     */
    public static long save(Net net, Optional<ModelSidecar> sidecar, Path zip) {
        return save(net, sidecar, StoragePath.local(zip));
    }

    /** {@link #save(Net, Optional, Path)} on any storage. */
    public static long save(Net net, Optional<ModelSidecar> sidecar, StoragePath zip) {
        try {
            byte[] bytes = toBytes(net);
            zip.write(bytes);
            if (sidecar.isPresent()) {
                zip.resolveSibling(sidecarName(zip.name())).write(JSON.writeValueAsBytes(sidecar.get()));
            }
            return bytes.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model " + zip + ": " + e, e);
        }
    }

    /** Loads a model zip and its sidecar when present. */
    public static LoadedModel load(Path zip) {
        if (!Files.isRegularFile(zip)) {
            throw new ModelException("model file not found: " + zip.toAbsolutePath());
        }
        return load(StoragePath.local(zip));
    }

    /** {@link #load(Path)} from any storage. */
    public static LoadedModel load(StoragePath zip) {
        byte[] bytes;
        try {
            if (!zip.exists() || zip.isDirectory()) {
                throw new ModelException("model file not found: " + zip.absolute());
            }
            bytes = zip.readBytes();
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + zip + ": " + e.getMessage(), e);
        }
        Net net = fromBytes(bytes, zip.toString());
        Optional<ModelSidecar> sidecar = Optional.empty();
        StoragePath sc = zip.resolveSibling(sidecarName(zip.name()));
        try {
            if (sc.exists()) {
                sidecar = Optional.of(JSON.readValue(sc.readBytes(), ModelSidecar.class));
            }
        } catch (IOException e) {
            throw new ModelException("model sidecar " + sc + " is not valid JSON: " + e.getMessage(), e);
        }
        return new LoadedModel(net, sidecar, fingerprint(net), bytes);
    }

    /** SHA-256 over the configuration JSON and the parameter values: identical models, identical prints. */
    public static String fingerprint(Net net) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(net.configJson().getBytes(StandardCharsets.UTF_8));
            float[] p = net.params().dup('c').data().asFloat();
            ByteBuffer bb = ByteBuffer.allocate(p.length * 4);
            bb.asFloatBuffer().put(p);
            md.update(bb.array());
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a sidecar JSON. */
    public static ModelSidecar readSidecar(byte[] json) throws IOException {
        return JSON.readValue(json, ModelSidecar.class);
    }

    /**
     * A loaded model.
     *
     * @param net         the network
     * @param sidecar     its provenance, when the zip has one
     * @param fingerprint {@link #fingerprint}
     * @param bytes       the zip bytes as read (what a Spark broadcast ships)
     */
    public record LoadedModel(Net net, Optional<ModelSidecar> sidecar, String fingerprint, byte[] bytes) {
    }
}
