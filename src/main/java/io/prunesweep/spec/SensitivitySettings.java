package io.prunesweep.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

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

    /** The keys of the spec's {@code sensitivity} section. */
    static final List<String> KEYS = List.of("ratios", "criterion", "granularity");

    public SensitivitySettings {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(granularity, "granularity");
        ratios = Check.distinct("ratios", ratios);
        Check.each("ratios", ratios, (f, r) -> Check.that(r > 0 && r < 1, f, r, "must be in (0, 1)"));
        ratios = ratios.stream().sorted().toList();
        Check.that(granularity == Granularity.ELEMENT || granularity.structured(), "granularity",
                granularity.id(), "must be one of: element, neuron, channel");
    }

    /** Reads the {@code sensitivity} section; defaults as {@link #defaults()}. */
    static SensitivitySettings read(Section s) {
        List<Double> ratios = s.numbers("ratios", DEFAULT_RATIOS);
        CriterionKind criterion = s.choice("criterion", CriterionKind.MAGNITUDE, CriterionKind.values(),
                CriterionKind::id);
        Granularity granularity = s.choice("granularity", Granularity.ELEMENT, Granularity.values(), Granularity::id);
        return s.build(() -> new SensitivitySettings(ratios, criterion, granularity));
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
