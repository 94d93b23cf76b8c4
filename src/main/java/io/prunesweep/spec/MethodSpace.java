package io.prunesweep.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * How a sweep's candidates decide what to cut: the criteria, granularities and scopes it tries, and the N:M
 * pattern and block shape of those granularities. Read from the {@code space} keys {@code criterion},
 * {@code granularity}, {@code scope}, {@code nm} and {@code block}.
 *
 * @param criteria      pruning criteria, at least one, no duplicates
 * @param granularities pruning granularities, at least one, no duplicates
 * @param scopes        pruning scopes, at least one, no duplicates
 * @param nm            the N:M pattern of granularity nm
 * @param block         the block shape of granularity block
 */
public record MethodSpace(List<CriterionKind> criteria, List<Granularity> granularities, List<Scope> scopes,
        NmPattern nm, BlockShape block) implements Serializable {

    private static final long serialVersionUID = 1L;

    public MethodSpace {
        criteria = Check.distinct("criterion", criteria);
        granularities = Check.distinct("granularity", granularities);
        scopes = Check.distinct("scope", scopes);
        Objects.requireNonNull(nm, "nm");
        Objects.requireNonNull(block, "block");
    }

    /** The default N:M pattern (2:4) and block shape (4x1). */
    public MethodSpace(List<CriterionKind> criteria, List<Granularity> granularities, List<Scope> scopes) {
        this(criteria, granularities, scopes, NmPattern.DEFAULT, BlockShape.DEFAULT);
    }

    /** Reads its keys of {@code space}: criterion and granularity required; scope [layer], nm 2:4, block 4x1. */
    static MethodSpace read(Section s) {
        List<CriterionKind> criteria = s.choices("criterion", null, CriterionKind.values(), CriterionKind::id);
        List<Granularity> granularities = s.choices("granularity", null, Granularity.values(), Granularity::id);
        List<Scope> scopes = s.choices("scope", List.of(Scope.LAYER), Scope.values(), Scope::id);
        NmPattern nm = s.parsed("nm", NmPattern.DEFAULT, text -> {
            try {
                return NmPattern.parse(text);
            } catch (IllegalArgumentException e) {
                // YAML 1.1 reads an unquoted 2:4 as the base-60 number 124
                throw new IllegalArgumentException(e.getMessage() + " (quote it: nm: \"2:4\")", e);
            }
        });
        BlockShape block = s.parsed("block", BlockShape.DEFAULT, BlockShape::parse);
        return s.build(() -> new MethodSpace(criteria, granularities, scopes, nm, block));
    }
}
