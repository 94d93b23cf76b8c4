package io.prunesweep.graph;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One parameter slice that moves with a range of a group's units. Unit {@code u} of the group, for
 * {@code firstUnit <= u < firstUnit + units}, owns the indices
 * {@code [offset + (u - firstUnit)·block, offset + (u - firstUnit + 1)·block)} along {@code axis} of the array
 * {@code param}. {@code block} is 1 for a plain channel or neuron; it is h·w for a dense layer reading a
 * flattened h×w feature map (the flatten expansion) and the depth multiplier for a depthwise output.
 * {@code offset} is where the slice starts, non-zero when the unit reaches the layer through a concatenation.
 *
 * @param layer     the layer (MultiLayerNetwork index or ComputationGraph vertex name) holding the array
 * @param param     its key in the network's {@code paramTable()}, e.g. {@code 0_W} or {@code conv1_W}
 * @param role      what the slice is to the unit
 * @param axis      the array axis the units run along
 * @param offset    index along {@code axis} of the first unit's first element, &ge; 0
 * @param block     elements along {@code axis} per unit, &ge; 1
 * @param firstUnit the first group unit the slice covers, &ge; 0
 * @param units     how many consecutive group units it covers, &ge; 1
 */
public record Member(String layer, String param, Role role, int axis, long offset, long block, int firstUnit,
                     int units) {
    public Member {
        if (layer == null || param == null || role == null) {
            throw new IllegalArgumentException("layer, param and role are required");
        }
        if (axis < 0 || offset < 0 || block < 1 || firstUnit < 0 || units < 1) {
            throw new IllegalArgumentException("bad slice of " + param + ": axis " + axis + ", offset " + offset
                    + ", block " + block + ", units [" + firstUnit + ", +" + units + ")");
        }
    }

    /** Whether this slice holds part of unit {@code u}. */
    public boolean covers(int u) {
        return u >= firstUnit && u < firstUnit + units;
    }

    /** First index along {@link #axis} of unit {@code u}. */
    public long start(int u) {
        if (!covers(u)) {
            throw new IllegalArgumentException(param + " does not hold unit " + u);
        }
        return offset + (u - firstUnit) * block;
    }

    /**
     * The part of {@code param} (this member's array, as in {@code paramTable()}) that belongs to unit {@code u}:
     * a view, so writing to it writes to {@code param}. Pass a copy ({@code getParam(key).dup()}), not the
     * network's own array: ND4J 1.0.0-M2.1 returns empty or unwritable sub-arrays of the parameter views a
     * trained network holds.
     */
    public INDArray view(INDArray param, int u) {
        if (axis >= param.rank() || end() > param.size(axis)) {
            throw new GraphException(this.param + " has shape " + java.util.Arrays.toString(param.shape())
                    + ", too small for " + describe());
        }
        INDArrayIndex[] at = new INDArrayIndex[param.rank()];
        for (int d = 0; d < at.length; d++) {
            at[d] = NDArrayIndex.all();
        }
        long from = start(u);
        at[axis] = NDArrayIndex.interval(from, from + block);
        return param.get(at);
    }

    /** One past the last index along {@link #axis} this member touches. */
    public long end() {
        return offset + units * block;
    }

    /** One line for {@code inspect}. */
    public String describe() {
        String units = this.units == 1 ? "unit " + firstUnit : "units " + firstUnit + ".." + (firstUnit + this.units - 1);
        return String.format("%-24s %-9s axis %d  %s at %d%s", param, role.name().toLowerCase(java.util.Locale.ROOT),
                axis, units, offset, block == 1 ? "" : " ×" + block);
    }
}
