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

    public SearchSettings {
        Objects.requireNonNull(method, "method");
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("unknown search method '" + method + "'; allowed: "
                    + String.join(", ", METHODS));
        }
        if (method.equals(RANDOM) && samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1 with method random: " + samples);
        }
        if (method.equals(HALVING)) {
            if (rungs < 1) {
                throw new IllegalArgumentException("rungs must be >= 1 with method halving: " + rungs);
            }
            if (eta < 2) {
                throw new IllegalArgumentException("eta must be >= 2 with method halving: " + eta);
            }
            if (minEpochs < 1) {
                throw new IllegalArgumentException("minEpochs must be >= 1 with method halving: " + minEpochs);
            }
            if ((double) minEpochs * Math.pow(eta, rungs - 1) > 10_000) {
                throw new IllegalArgumentException("the last rung would run minEpochs*eta^(rungs-1) > 10000 epochs");
            }
        } else if (rungs != 0 || eta != 0 || minEpochs != 0) {
            throw new IllegalArgumentException("rungs, eta and minEpochs are only used with method halving");
        }
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0: " + samples);
        }
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
