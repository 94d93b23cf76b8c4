package io.prunesweep.graph;

/** A network configuration this package cannot read (a vertex whose inputs are missing, a cycle). */
public class GraphException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the layer or vertex at fault. */
    public GraphException(String message) {
        super(message);
    }
}
