package io.prunesweep.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * How candidates are chosen from the search space.
 *
 * @param method    {@code grid} (every configuration), {@code random} (a seeded sample) or {@code halving}
 *                  (successive halving over the fine-tune budget)
 * @param samples   configurations to draw with {@code random}, &ge; 1; 0 otherwise, where it is unused
 * @param rungs     halving: number of rungs, &ge; 1 (0 otherwise)
 * @param eta       halving: each rung keeps the best 1/eta and gives them eta&times; the epochs, &ge; 2 (0
 *                  otherwise)
 * @param minEpochs halving: fine-tune epochs of rung 0, &ge; 1 (0 otherwise); rung r runs
 *                  minEpochs&middot;eta<sup>r</sup> epochs
 */
public record SearchSettings(String method, int samples, int rungs, int eta, int minEpochs) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Exhaustive search. */
    public static final String GRID = "grid";
    /** Seeded random sampling without replacement. */
    public static final String RANDOM = "random";
    /** Successive halving over the fine-tune epochs. */
    public static final String HALVING = "halving";
    /** Allowed methods. */
    public static final List<String> METHODS = List.of(GRID, RANDOM, HALVING);

    /** Grid or random settings (no halving parameters). */
    public SearchSettings(String method, int samples) {
        this(method, samples, 0, 0, 0);
    }

    /** The keys of the spec's {@code search} section. */
    static final List<String> KEYS = List.of("method", "samples", "rungs", "eta", "minEpochs");

    public SearchSettings {
        Objects.requireNonNull(method, "method");
        Check.that(METHODS.contains(method), "method", method,
                "unknown search method; allowed: " + String.join(", ", METHODS));
        if (method.equals(RANDOM)) {
            Check.that(samples >= 1, "samples", samples, "must be >= 1 with method random");
        } else {
            Check.that(samples == 0, "samples", samples, "only used with method random");
        }
        if (method.equals(HALVING)) {
            Check.that(rungs >= 1 && rungs <= 20, "rungs", rungs, "must be in [1, 20]");
            Check.that(eta >= 2, "eta", eta, "must be >= 2");
            Check.that(minEpochs >= 1, "minEpochs", minEpochs, "must be >= 1");
            if ((double) minEpochs * Math.pow(eta, rungs - 1) > 10_000) {
                throw SpecViolation.of("the last rung would run minEpochs*eta^(rungs-1) > 10000 epochs");
            }
        } else {
            Check.that(rungs == 0, "rungs", rungs, "only used with method halving");
            Check.that(eta == 0, "eta", eta, "only used with method halving");
            Check.that(minEpochs == 0, "minEpochs", minEpochs, "only used with method halving");
        }
    }

    /**
     * Reads the {@code search} section: method defaults to grid; random needs samples; halving defaults to 3
     * rungs, eta 2, minEpochs 1. Another method's keys read as 0, their unused value, which the record refuses
     * to hold anything else.
     */
    static SearchSettings read(Section s) {
        String method = s.text("method", GRID);
        boolean halving = method.equals(HALVING);
        if (method.equals(RANDOM) && !s.has("samples")) {
            throw s.error("samples", "required with method random");
        }
        int samples = s.integer("samples", 0);
        int rungs = s.integer("rungs", halving ? 3 : 0);
        int eta = s.integer("eta", halving ? 2 : 0);
        int minEpochs = s.integer("minEpochs", halving ? 1 : 0);
        return s.build(() -> new SearchSettings(method, samples, rungs, eta, minEpochs));
    }

    /** Exhaustive search. */
    public static SearchSettings grid() {
        return new SearchSettings(GRID, 0);
    }

    /** Random sampling of {@code samples} distinct configurations. */
    public static SearchSettings random(int samples) {
        return new SearchSettings(RANDOM, samples);
    }

    /** Successive halving with the given rungs, eta and rung-0 epochs. */
    public static SearchSettings halving(int rungs, int eta, int minEpochs) {
        return new SearchSettings(HALVING, 0, rungs, eta, minEpochs);
    }

    /** Whether this is successive halving. */
    public boolean halving() {
        return method.equals(HALVING);
    }

    /** Fine-tune epochs of halving rung {@code r}: minEpochs&middot;eta<sup>r</sup>. */
    public int rungEpochs(int r) {
        int e = minEpochs;
        for (int i = 0; i < r; i++) {
            e *= eta;
        }
        return e;
    }

    /** The halving rung a candidate with {@code epochs} fine-tune epochs belongs to, or -1 if none. */
    public int rungOf(int epochs) {
        if (!halving()) {
            return -1;
        }
        for (int r = 0; r < rungs; r++) {
            if (rungEpochs(r) == epochs) {
                return r;
            }
        }
        return -1;
    }

    String canonical() {
        return "method=" + method + ";samples=" + samples
                + (halving() ? ";rungs=" + rungs + ";eta=" + eta + ";minEpochs=" + minEpochs : "");
    }
}
