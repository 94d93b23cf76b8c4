package io.prunesweep.graph;

import io.prunesweep.model.FastConv2D;
import io.prunesweep.model.FastDense;
import io.prunesweep.model.FastOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds the groups of {@link DependencyGraph}. Every unit a layer produces is an "atom"; a tensor flowing
 * between layers is the list of atoms along its channel (or feature) axis, one per index, so a flatten repeats
 * each channel's atom h·w times and a concatenation concatenates the lists. An element-wise vertex unions the
 * atoms at equal positions. At the end, atoms in one union-find class are one unit; units of layers linked by
 * such unions are one group; and each recorded parameter slice is cut into runs of consecutive units.
 */
final class Coupler {
    /** One layer or vertex, with the names of its inputs; {@code layer} xor {@code vertex} is set. */
    record Node(String name, Layer layer, GraphVertex vertex, List<String> inputs, InputPreProcessor pre) {
    }

    /** A parameter array axis, position i of which moves with atom {@code atoms[i]}. */
    private record Slice(String layer, String param, Role role, int axis, int[] atoms) {
    }

    /** Units made by one layer (or standing for a network input or something unreadable). */
    private record Origin(String name, int base, int width) {
    }

    /**
     * The value flowing along an edge: its atoms, or, for the output of something this class cannot read
     * (a network input, an unknown vertex), nothing until a reader says how wide it is; the units made then
     * are unprunable for {@code why}.
     */
    private final class Tensor {
        private int[] atoms;
        private final String name;
        private final String why;

        Tensor(int[] atoms) {
            this.atoms = atoms;
            this.name = null;
            this.why = null;
        }

        Tensor(String name, String why) {
            this.name = name;
            this.why = why;
        }

        boolean known() {
            return atoms != null;
        }

        /** The atoms, as a reader that expects {@code width} of them sees them. */
        int[] atoms(int width, String reader) {
            if (atoms == null) {
                atoms = origin(name, width, why);
            } else if (atoms.length != width) {
                // never guess an alignment: both sides keep their weights
                touch(atoms, reader + " expects " + width + " inputs but receives " + atoms.length);
                return origin(reader + ".in", width, reader + " expects " + width + " inputs but receives "
                        + atoms.length);
            }
            return atoms;
        }
    }

    private final List<Origin> origins = new ArrayList<>();
    private final List<Slice> slices = new ArrayList<>();
    private final Map<Integer, String> touched = new HashMap<>();
    private int[] parent = new int[64];
    private int atomCount;
    private final List<UnitGroup> groups;

    Coupler(List<String> inputs, List<Node> nodes, List<String> outputs) {
        Map<String, Tensor> values = new HashMap<>();
        for (String in : inputs) {
            values.put(in, new Tensor(in, "network input '" + in + "': its units are the data's features"));
        }
        for (Node n : nodes) {
            List<Tensor> in = new ArrayList<>();
            for (String i : n.inputs()) {
                Tensor t = values.get(i);
                if (t == null) {
                    throw new GraphException("'" + n.name() + "' reads '" + i + "', which is not defined before it");
                }
                in.add(t);
            }
            values.put(n.name(), n.layer() != null ? layer(n, in) : vertex(n, in));
        }
        for (String out : outputs) {
            Tensor t = values.get(out);
            if (t != null && t.known()) {
                touch(t.atoms, "network output '" + out + "'");
            }
        }
        groups = assemble();
    }

    List<UnitGroup> groups() {
        return groups;
    }

    // ---- layers

    private Tensor layer(Node n, List<Tensor> inputs) {
        String name = n.name();
        Layer l = n.layer();
        String what = "'" + name + "' (" + l.getClass().getSimpleName() + ")";
        Tensor in = inputs.size() == 1 ? inputs.get(0) : concat(inputs, what);
        in = preprocess(in, n.pre(), what);
        Class<?> c = l.getClass();
        if (isPlainConv(l) || c == DenseLayer.class || c == FastDense.class || c == OutputLayer.class
                || c == FastOutput.class) {
            FeedForwardLayer ff = (FeedForwardLayer) l;
            boolean conv = l instanceof ConvolutionLayer;
            if (conv && ((ConvolutionLayer) l).getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                return unsupported(n, in, what + " uses the NHWC data format");
            }
            slices.add(new Slice(name, key(n, "W"), Role.INPUT, conv ? 1 : 0, in.atoms(toInt(ff.getNIn()), what)));
            boolean output = c == OutputLayer.class || c == FastOutput.class;
            // layer norm normalises over all outputs of the layer, so zeroing one changes the others
            boolean layerNorm = l instanceof DenseLayer d && d.hasLayerNorm();
            int[] made = origin(name, toInt(ff.getNOut()),
                    output ? "network output layer " + what + ": its units are the classes"
                    : layerNorm ? what + " normalises its outputs together (layer norm): removing one changes the rest"
                    : null);
            slices.add(new Slice(name, key(n, "W"), Role.OUTPUT, conv ? 0 : 1, made));
            if (hasParam(n, "b")) {
                slices.add(new Slice(name, key(n, "b"), Role.OUTPUT, 0, made));
            }
            return activated(new Tensor(made), ((BaseLayer) l).getActivationFn(), what);
        }
        if (c == DepthwiseConvolution2D.class || c == SeparableConvolution2D.class) {
            ConvolutionLayer conv = (ConvolutionLayer) l;
            if (conv.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                return unsupported(n, in, what + " uses the NHWC data format");
            }
            int multiplier = l instanceof DepthwiseConvolution2D d ? d.getDepthMultiplier()
                    : ((SeparableConvolution2D) l).getDepthMultiplier();
            int[] a = in.atoms(toInt(conv.getNIn()), what);
            // depthwise output channel c·m + j is filter j of input channel c
            int[] depthwise = repeat(a, multiplier);
            if (l instanceof DepthwiseConvolution2D) {
                slices.add(new Slice(name, key(n, "W"), Role.DEPTHWISE, 2, a));
                if (hasParam(n, "b")) {
                    slices.add(new Slice(name, key(n, "b"), Role.DEPTHWISE, 0, depthwise));
                }
                return activated(new Tensor(depthwise), conv.getActivationFn(), what);
            }
            slices.add(new Slice(name, key(n, "W"), Role.DEPTHWISE, 1, a));
            slices.add(new Slice(name, key(n, "pW"), Role.INPUT, 1, depthwise));
            int[] made = origin(name, toInt(conv.getNOut()), null);
            slices.add(new Slice(name, key(n, "pW"), Role.OUTPUT, 0, made));
            if (hasParam(n, "b")) {
                slices.add(new Slice(name, key(n, "b"), Role.OUTPUT, 0, made));
            }
            return activated(new Tensor(made), conv.getActivationFn(), what);
        }
        if (c == BatchNormalization.class) {
            BatchNormalization bn = (BatchNormalization) l;
            if (bn.getCnn2DFormat() != CNN2DFormat.NCHW) {
                return unsupported(n, in, what + " uses the NHWC data format");
            }
            int[] a = in.atoms(toInt(bn.getNOut()), what);
            for (String p : l.initializer().paramKeys(l)) {
                slices.add(new Slice(name, key(n, p), Role.NORM, 0, a));
            }
            // DL4J 1.0.0-M2.1's batch-norm layer ignores its configured activation (a probe showed negatives pass a
            // "relu" batch norm and no sigmoid is applied), so its output is the normalised value whatever it says
            return in;
        }
        if (c == ActivationLayer.class) {
            return activated(in, ((ActivationLayer) l).getActivationFn(), what);
        }
        if (c == SubsamplingLayer.class && ((SubsamplingLayer) l).getCnn2dDataFormat() != CNN2DFormat.NCHW
                || c == ZeroPaddingLayer.class && ((ZeroPaddingLayer) l).getDataFormat() != CNN2DFormat.NCHW) {
            return unsupported(n, in, what + " uses the NHWC data format");
        }
        if (c == GlobalPoolingLayer.class) {
            int[] dims = ((GlobalPoolingLayer) l).getPoolingDimensions();
            if (dims != null && !Arrays.equals(dims, new int[] {2, 3})) {
                return unsupported(n, in, what + " pools over dimensions " + Arrays.toString(dims));
            }
            return in;
        }
        if (c == DropoutLayer.class || c == SubsamplingLayer.class || c == ZeroPaddingLayer.class
                || c == LossLayer.class || c == CnnLossLayer.class) {
            // channel c of the output is computed from channel c of the input alone, and zero stays zero
            return in;
        }
        return unsupported(n, in, what + " is a layer type prunesweep cannot rewrite");
    }

    /** Exactly DL4J's 2-D convolution classes with the [out, in, kH, kW] layout, or the native-op twin. */
    private static boolean isPlainConv(Layer l) {
        Class<?> c = l.getClass();
        return c == ConvolutionLayer.class || c == Convolution2D.class || c == FastConv2D.class;
    }

    private Tensor preprocess(Tensor in, InputPreProcessor pre, String what) {
        if (pre == null) {
            return in;
        }
        if (pre instanceof CnnToFeedForwardPreProcessor flat && flat.getFormat() == CNN2DFormat.NCHW) {
            if (!in.known()) {
                return new Tensor(what + ".flatten", "flattened from " + in.name);
            }
            int hw = toInt(flat.getInputHeight() * flat.getInputWidth());
            int[] a = in.atoms(toInt(flat.getNumChannels()), what);
            // NCHW flattening puts channel c at features [c·h·w, (c+1)·h·w)
            return new Tensor(repeat(a, hw));
        }
        if (pre instanceof FeedForwardToCnnPreProcessor unflat && !in.known()) {
            // only the network input is reshaped so; its units are unprunable anyway
            return new Tensor(in.name, in.why);
        }
        String why = "its output is reshaped by " + pre.getClass().getSimpleName() + " before " + what;
        if (in.known()) {
            touch(in.atoms, why);
        }
        return new Tensor(what + ".in", why);
    }

    private Tensor activated(Tensor t, IActivation fn, String what) {
        if (fn == null || !t.known()) {
            return t;
        }
        float atZero = zeroImage(fn);
        if (atZero != 0f) {
            touch(t.atoms, "the activation " + fn + " of " + what + " maps 0 to " + atZero
                    + ", so a removed unit would still send a constant to its consumers");
        }
        return t;
    }

    /** f(0) of an element-wise activation; NaN for softmax, which mixes channels. */
    private static float zeroImage(IActivation fn) {
        if (fn instanceof ActivationSoftmax) {
            return Float.NaN;
        }
        INDArray z = Nd4j.zeros(DataType.FLOAT, 1, 2);
        return fn.getActivation(z, false).getFloat(0);
    }

    private Tensor unsupported(Node n, Tensor in, String why) {
        if (in.known()) {
            touch(in.atoms, "read by " + why);
        }
        if (n.layer() instanceof FeedForwardLayer ff && ff.getNOut() > 0) {
            return new Tensor(origin(n.name(), toInt(ff.getNOut()), "made by " + why));
        }
        return new Tensor(n.name(), "made by " + why);
    }

    // ---- vertices

    private Tensor vertex(Node n, List<Tensor> in) {
        GraphVertex v = n.vertex();
        String what = "'" + n.name() + "' (" + v.getClass().getSimpleName() + ")";
        if (v instanceof MergeVertex merge) {
            if (merge.getMergeAxis() != 1) {
                return unsupportedVertex(n, in, what + " concatenates along axis " + merge.getMergeAxis());
            }
            return concat(in, what);
        }
        if (v instanceof ElementWiseVertex) {
            int width = -1;
            for (Tensor t : in) {
                if (t.known()) {
                    width = t.atoms.length;
                    break;
                }
            }
            if (width < 0) {
                return unsupportedVertex(n, in, what + " combines inputs whose units prunesweep cannot see");
            }
            int[] first = in.get(0).atoms(width, what);
            for (Tensor t : in.subList(1, in.size())) {
                int[] other = t.atoms(width, what);
                for (int i = 0; i < width; i++) {
                    union(first[i], other[i]);
                }
            }
            return new Tensor(first);
        }
        if (v instanceof ScaleVertex && in.size() == 1) {
            return in.get(0);
        }
        if (v instanceof PreprocessorVertex p && in.size() == 1) {
            return preprocess(in.get(0), p.getPreProcessor(), what);
        }
        return unsupportedVertex(n, in, what + " is a vertex type prunesweep cannot rewrite");
    }

    private Tensor unsupportedVertex(Node n, List<Tensor> in, String why) {
        for (Tensor t : in) {
            if (t.known()) {
                touch(t.atoms, "read by " + why);
            }
        }
        return new Tensor(n.name(), "made by " + why);
    }

    private Tensor concat(List<Tensor> in, String what) {
        List<int[]> parts = new ArrayList<>();
        for (Tensor t : in) {
            if (!t.known()) {
                // the offsets after an input of unknown width are unknown
                return unsupportedVertex(new Node(what, null, null, List.of(), null), in,
                        what + ", which concatenates an input whose width prunesweep cannot see");
            }
            parts.add(t.atoms);
        }
        int[] all = new int[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return new Tensor(all);
    }

    // ---- atoms

    private int[] origin(String name, int width, String unprunable) {
        if (width < 1) {
            throw new GraphException("'" + name + "' has width " + width + "; set nIn/nOut or the input type");
        }
        int base = atomCount;
        atomCount += width;
        if (parent.length < atomCount) {
            parent = Arrays.copyOf(parent, Math.max(atomCount, 2 * parent.length));
        }
        int[] atoms = new int[width];
        for (int i = 0; i < width; i++) {
            atoms[i] = base + i;
            parent[base + i] = base + i;
        }
        origins.add(new Origin(name, base, width));
        if (unprunable != null) {
            touch(atoms, unprunable);
        }
        return atoms;
    }

    private void touch(int[] atoms, String why) {
        for (int a : atoms) {
            touched.putIfAbsent(a, why);
        }
    }

    private int find(int a) {
        while (parent[a] != a) {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        return a;
    }

    private void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            // the older atom stays the root, so a unit is named after its first producer
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    // ---- groups

    private List<UnitGroup> assemble() {
        // groups: classes linked through a shared origin
        int[] groupParent = new int[atomCount];
        for (int a = 0; a < atomCount; a++) {
            groupParent[a] = find(a);
        }
        for (Origin o : origins) {
            for (int i = 1; i < o.width(); i++) {
                unionIn(groupParent, o.base(), o.base() + i);
            }
        }
        Map<Integer, Integer> groupOfRoot = new LinkedHashMap<>();
        Map<Integer, Integer> unitOfClass = new HashMap<>();
        List<Set<String>> names = new ArrayList<>();
        List<Set<String>> reasons = new ArrayList<>();
        List<int[]> widths = new ArrayList<>();
        int[] groupOf = new int[atomCount];
        int[] unitOf = new int[atomCount];
        for (Origin o : origins) {
            for (int a = o.base(); a < o.base() + o.width(); a++) {
                int root = findIn(groupParent, a);
                Integer g = groupOfRoot.get(root);
                if (g == null) {
                    g = groupOfRoot.size();
                    groupOfRoot.put(root, g);
                    names.add(new LinkedHashSet<>());
                    reasons.add(new LinkedHashSet<>());
                    widths.add(new int[1]);
                }
                names.get(g).add(o.name());
                String why = touched.get(a);
                if (why != null) {
                    reasons.get(g).add(why);
                }
                int cls = find(a);
                Integer u = unitOfClass.get(cls);
                if (u == null) {
                    u = widths.get(g)[0]++;
                    unitOfClass.put(cls, u);
                }
                groupOf[a] = g;
                unitOf[a] = u;
            }
        }
        List<List<Member>> members = new ArrayList<>();
        for (int g = 0; g < groupOfRoot.size(); g++) {
            members.add(new ArrayList<>());
        }
        for (Slice s : slices) {
            runs(s, groupOf, unitOf, members);
        }
        List<UnitGroup> out = new ArrayList<>();
        for (int g = 0; g < groupOfRoot.size(); g++) {
            String reason = reasons.get(g).isEmpty() ? null : summarise(reasons.get(g));
            out.add(new UnitGroup(g, String.join("+", names.get(g)), widths.get(g)[0], members.get(g), reason == null,
                    reason));
        }
        return out;
    }

    /** Cuts a slice into runs: blocks of equal length, one per consecutive unit of one group. */
    private static void runs(Slice s, int[] groupOf, int[] unitOf, List<List<Member>> members) {
        int[] a = s.atoms();
        int p = 0;
        while (p < a.length) {
            int g = groupOf[a[p]];
            int u = unitOf[a[p]];
            int block = 1;
            while (p + block < a.length && groupOf[a[p + block]] == g && unitOf[a[p + block]] == u) {
                block++;
            }
            int units = 1;
            while (sameBlock(a, p + units * block, block, g, u + units, groupOf, unitOf)) {
                units++;
            }
            members.get(g).add(new Member(s.layer(), s.param(), s.role(), s.axis(), p, block, u, units));
            p += units * block;
        }
    }

    private static boolean sameBlock(int[] a, int from, int block, int g, int u, int[] groupOf, int[] unitOf) {
        if (from + block > a.length) {
            return false;
        }
        for (int i = from; i < from + block; i++) {
            if (groupOf[a[i]] != g || unitOf[a[i]] != u) {
                return false;
            }
        }
        // a longer run of the same unit belongs to the next member, not this one
        return from + block == a.length || groupOf[a[from + block]] != g || unitOf[a[from + block]] != u;
    }

    private static String summarise(Set<String> reasons) {
        List<String> all = new ArrayList<>(reasons);
        if (all.size() <= 3) {
            return String.join("; ", all);
        }
        return String.join("; ", all.subList(0, 3)) + "; and " + (all.size() - 3) + " more";
    }

    private static int findIn(int[] parent, int a) {
        while (parent[a] != a) {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        return a;
    }

    private static void unionIn(int[] parent, int a, int b) {
        int ra = findIn(parent, a);
        int rb = findIn(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    // ---- helpers

    private static String key(Node n, String param) {
        return n.name() + "_" + param;
    }

    private static boolean hasParam(Node n, String param) {
        return n.layer().initializer().paramKeys(n.layer()).contains(param);
    }

    private static int[] repeat(int[] atoms, int times) {
        int[] out = new int[atoms.length * times];
        for (int i = 0; i < out.length; i++) {
            out[i] = atoms[i / times];
        }
        return out;
    }

    private static int toInt(long v) {
        if (v > Integer.MAX_VALUE || v < 0) {
            throw new GraphException("width " + v + " is out of range");
        }
        return (int) v;
    }
}
