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
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Reads and writes models. Models are read only through DL4J's {@link ModelSerializer}, never by
 * deserialising arbitrary classes; writes go to a temporary file then an atomic rename, so a crash never
 * leaves a half-written zip under the final name.
 */
public final class ModelStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelStore() {
    }

    /** Where the sidecar of {@code zip} lives: same name with {@code .json}. */
    public static Path sidecarPath(Path zip) {
        String n = zip.getFileName().toString();
        return zip.resolveSibling((n.endsWith(".zip") ? n.substring(0, n.length() - 4) : n) + ".json");
    }

    /**
     * Serialises a network (without updater state) to bytes, e.g. for a Spark broadcast.
     *
     * @throws UncheckedIOException if DL4J fails to write it: a failure at run time, not bad input
     */
    public static byte[] toBytes(MultiLayerNetwork net) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            ModelSerializer.writeModel(net, bos, false);
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
    public static MultiLayerNetwork fromBytes(byte[] bytes, String what) {
        return TemplateCache.SHARED.copyOf(bytes, b -> parse(b, what));
    }

    /** Parses a model zip with DL4J, without the cache. */
    static MultiLayerNetwork parse(byte[] bytes, String what) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
        } catch (Exception | Error e) {
            throw new ModelException(what + ": not a DL4J MultiLayerNetwork zip (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes the model zip atomically, and the sidecar if given.
     *
     * @return the zip's length in bytes (what {@code SizeMetrics.zipBytes} counts for the same network)
     * @throws UncheckedIOException if it cannot be written (disk full, a path component that is a file, no
     *                              permission): a failure at run time, so the CLI exits 1, not 2
     */
    public static long save(MultiLayerNetwork net, Optional<ModelSidecar> sidecar, Path zip) {
        try {
            Path dir = zip.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            byte[] bytes = toBytes(net);
            writeAtomically(zip, bytes);
            if (sidecar.isPresent()) {
                writeAtomically(sidecarPath(zip), JSON.writeValueAsBytes(sidecar.get()));
            }
            return bytes.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model " + zip + ": " + e, e);
        }
    }

    /** Writes bytes to a temp file in the same directory, then renames it over the target. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Loads a model zip and its sidecar when present. */
    public static LoadedModel load(Path zip) {
        if (!Files.isRegularFile(zip)) {
            throw new ModelException("model file not found: " + zip.toAbsolutePath());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(zip);
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + zip + ": " + e.getMessage(), e);
        }
        MultiLayerNetwork net = fromBytes(bytes, zip.toString());
        Optional<ModelSidecar> sidecar = Optional.empty();
        Path sc = sidecarPath(zip);
        if (Files.isRegularFile(sc)) {
            try {
                sidecar = Optional.of(JSON.readValue(sc.toFile(), ModelSidecar.class));
            } catch (IOException e) {
                throw new ModelException("model sidecar " + sc + " is not valid JSON: " + e.getMessage(), e);
            }
        }
        return new LoadedModel(net, sidecar, fingerprint(net), bytes);
    }

    /** SHA-256 over the configuration JSON and the parameter values: identical models, identical prints. */
    public static String fingerprint(MultiLayerNetwork net) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(net.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8));
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
    public record LoadedModel(MultiLayerNetwork net, Optional<ModelSidecar> sidecar, String fingerprint, byte[] bytes) {
    }
}
