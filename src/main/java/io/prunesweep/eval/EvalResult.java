package io.prunesweep.eval;

/**
 * Quality of a network on a data set, as computed by {@link Evaluator}.
 *
 * @param accuracy fraction of examples whose arg-max prediction equals the arg-max label, in [0, 1]
 * @param loss     mean per-example loss of the output layer's loss function, without regularisation;
 *                 may be NaN or infinite for a diverged or badly pruned network
 * @param examples number of examples evaluated, &gt; 0
 */
public record EvalResult(double accuracy, double loss, long examples) {

    /** Validates accuracy range and a positive example count. */
    public EvalResult {
        if (!(accuracy >= 0.0 && accuracy <= 1.0)) {
            throw new IllegalArgumentException("accuracy must be in [0, 1]: " + accuracy);
        }
        if (examples <= 0) {
            throw new IllegalArgumentException("examples must be > 0: " + examples);
        }
    }
}
