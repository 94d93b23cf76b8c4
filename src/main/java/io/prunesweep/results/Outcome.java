package io.prunesweep.results;

import io.prunesweep.metric.Measurements;
import java.io.Serializable;
import java.util.Objects;

/** How a candidate ended: measured, or failed with a reason. Nothing else is possible, and nothing in between. */
public sealed interface Outcome extends Serializable permits Outcome.Measured, Outcome.Failed {

    /**
     * The candidate finished and was measured.
     *
     * @param measurements what was measured
     */
    record Measured(Measurements measurements) implements Outcome {
        private static final long serialVersionUID = 1L;

        public Measured {
            Objects.requireNonNull(measurements, "measurements");
        }
    }

    /**
     * The candidate threw a deterministic failure (a diverging loss, say); it is recorded and not retried.
     *
     * @param reason the exception's class and message
     */
    record Failed(String reason) implements Outcome {
        private static final long serialVersionUID = 1L;

        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
