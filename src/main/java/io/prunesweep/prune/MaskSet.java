package io.prunesweep.prune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prunesweep.model.Net;
import io.prunesweep.storage.StoragePath;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An immutable set of parameter masks. The mask lives outside the model configuration on purpose: a
 * constraint stored in the DL4J config is serialised without its mask and silently stops enforcing after
 * a reload, so the mask is saved beside the model ({@link #save}) and re-applied explicitly.
 */
public final class MaskSet implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ParamMask> masks;
    /** The last layout made by {@link #flatMask}; a candidate lays out the same masks on one network three times. */
    private transient volatile FlatMask lastLayout;

    private MaskSet(Map<String, ParamMask> masks) {
        this.masks = Collections.unmodifiableMap(new TreeMap<>(masks));
    }

    /** The empty mask set (nothing pruned). */
    public static MaskSet empty() {
        return new MaskSet(Map.of());
    }

    /** A mask set from individual masks; keys must be distinct. */
    public static MaskSet of(Collection<ParamMask> masks) {
        Map<String, ParamMask> m = new LinkedHashMap<>();
        for (ParamMask pm : masks) {
            if (m.put(pm.key(), pm) != null) {
                throw new PruneException("duplicate mask for parameter " + pm.key());
            }
        }
        return new MaskSet(m);
    }

    /** Masks by parameter key, sorted. */
    public Map<String, ParamMask> masks() {
        return masks;
    }

    /** Whether nothing is masked. */
    public boolean isEmpty() {
        return masks.isEmpty();
    }

    /** Total masked-out entries. */
    public long prunedCount() {
        return masks.values().stream().mapToLong(m -> m.length() - m.keptCount()).sum();
    }

    /** Total entries covered by masks. */
    public long coveredCount() {
        return masks.values().stream().mapToLong(ParamMask::length).sum();
    }

    /** The intersection: an entry survives only if both sets keep it. */
    public MaskSet and(MaskSet other) {
        Map<String, ParamMask> m = new LinkedHashMap<>(masks);
        other.masks.forEach((k, v) -> m.merge(k, v, ParamMask::and));
        return new MaskSet(m);
    }

    /** Zeroes every masked entry of the network's parameters in place. */
    public void applyTo(Net net) {
        flatMask(net).applyTo(net);
    }

    /**
     * These masks laid out over the network's flat parameter vector, to be applied in one multiply.
     *
     * @throws PruneException if a mask names a parameter the network lacks or has another shape
     */
    public FlatMask flatMask(Net net) {
        FlatMask last = lastLayout;
        if (last != null && last.laidOutLike(this, net)) {
            return last;
        }
        FlatMask made = FlatMask.of(this, net);
        lastLayout = made;
        return made;
    }

    /** Counts masked entries that are not exactly zero in the network (0 when the mask holds). */
    public long violations(Net net) {
        long bad = 0;
        for (ParamMask m : masks.values()) {
            float[] v = param(net, m).dup('c').data().asFloat();
            for (int i = 0; i < v.length; i++) {
                if (!m.isKept(i) && v[i] != 0f) {
                    bad++;
                }
            }
        }
        return bad;
    }

    static INDArray param(Net net, ParamMask m) {
        INDArray p = net.paramTable().get(m.key());
        if (p == null) {
            throw new PruneException("mask names parameter " + m.key() + " which the model does not have");
        }
        if (!Arrays.equals(p.shape(), m.shape())) {
            throw new PruneException("mask for " + m.key() + " has shape " + Arrays.toString(m.shape())
                    + " but the model parameter has shape " + Arrays.toString(p.shape()));
        }
        return p;
    }

    /** Writes the masks as JSON (bits base64-encoded) next to a model. */
    public void save(Path file) {
        save(StoragePath.local(file));
    }

    /** {@link #save(Path)} on any storage, atomically for readers. */
    public void save(StoragePath file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "prunesweep-masks/1");
        ArrayNode arr = root.putArray("masks");
        for (ParamMask m : masks.values()) {
            ObjectNode o = arr.addObject();
            o.put("key", m.key());
            ArrayNode shape = o.putArray("shape");
            for (long d : m.shape()) {
                shape.add(d);
            }
            o.put("kept", Base64.getEncoder().encodeToString(m.keptBits().toByteArray()));
        }
        try {
            file.writeString(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write masks to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads masks written by {@link #save}. */
    public static MaskSet load(Path file) {
        return load(StoragePath.local(file));
    }

    /** {@link #load(Path)} from any storage. */
    public static MaskSet load(StoragePath file) {
        try {
            JsonNode root = JSON.readTree(file.readBytes());
            if (!"prunesweep-masks/1".equals(root.path("format").asText())) {
                throw new PruneException(file + ": not a prunesweep mask file (format field missing or unknown)");
            }
            List<ParamMask> list = new ArrayList<>();
            for (JsonNode o : root.path("masks")) {
                long[] shape = new long[o.path("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = o.path("shape").get(i).asLong();
                }
                list.add(new ParamMask(o.path("key").asText(), shape,
                        BitSet.valueOf(Base64.getDecoder().decode(o.path("kept").asText()))));
            }
            return of(list);
        } catch (IOException e) {
            throw new PruneException(file + ": cannot read masks: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskSet s && masks.equals(s.masks);
    }

    @Override
    public int hashCode() {
        return masks.hashCode();
    }

    @Override
    public String toString() {
        return "MaskSet" + masks.values();
    }
}
