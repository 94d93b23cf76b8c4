package io.prunesweep.spec;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The spec's optional {@code sensitivity} section: how the per-layer sensitivity table is measured
 * (each prunable layer alone pruned to each ratio, evaluated on validation without fine-tuning). Budget
 * candidates ({@code space.budget}) use this granularity and the table for their per-layer ratios.
 *
 * @param ratios      ratios to try per layer, each in (0, 1), no duplicates; sorted ascending
 * @param criterion   how units are scored
 * @param granularity element, neuron or channel
 */
public record SensitivitySettings(List<Double> ratios, CriterionKind criterion, Granularity granularity)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default ratios. */
    public static final List<Double> DEFAULT_RATIOS = List.of(0.25, 0.5, 0.75, 0.9, 0.95);

    public SensitivitySettings {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(ratios, "ratios");
        if (ratios.isEmpty()) {
            throw new IllegalArgumentException("sensitivity.ratios must list at least one value");
        }
        Set<Double> seen = new HashSet<>();
        for (double r : ratios) {
            if (!(r > 0 && r < 1)) {
                throw new IllegalArgumentException("sensitivity ratio must be in (0, 1): " + r);
            }
            if (!seen.add(r)) {
                throw new IllegalArgumentException("duplicate sensitivity ratio: " + r);
            }
        }
        ratios = ratios.stream().sorted().toList();
        if (granularity != Granularity.ELEMENT && !granularity.structured()) {
            throw new IllegalArgumentException("sensitivity granularity must be element, neuron or channel, found "
                    + granularity.id());
        }
    }

    /** Defaults: ratios 0.25, 0.5, 0.75, 0.9, 0.95; magnitude; element. */
    public static SensitivitySettings defaults() {
        return new SensitivitySettings(DEFAULT_RATIOS, CriterionKind.MAGNITUDE, Granularity.ELEMENT);
    }

    String canonical() {
        return "ratios=" + ratios.stream().map(Canon::num).toList() + ";criterion=" + criterion.id()
                + ";granularity=" + granularity.id();
    }
}
