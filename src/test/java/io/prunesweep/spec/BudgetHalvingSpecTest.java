package io.prunesweep.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.metric.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** space.budget, the sensitivity section and search method halving in specs. */
class BudgetHalvingSpecTest {
    private static final String BASE = """
            name: b
            model: {zoo: mlp}
            space:
              criterion: [magnitude]
              granularity: [element]
              sparsity: [0.5]
            %s
            """;

    @TempDir
    Path dir;

    private SweepSpec load(String extra) throws IOException {
        Path f = dir.resolve("x.yaml");
        Files.writeString(f, BASE.formatted(extra));
        return SpecLoader.load(f);
    }

    private SpecException fails(String extra, String key, String value, String reasonPart) throws IOException {
        Path f = dir.resolve("x.yaml");
        Files.writeString(f, BASE.formatted(extra));
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(f));
        assertEquals(f.toString(), e.file());
        assertEquals(key, e.keyPath(), e.getMessage());
        assertEquals(value, e.value(), e.getMessage());
        assertTrue(e.reason().contains(reasonPart), e.getMessage());
        assertEquals(2, e.exitCode());
        return e;
    }

    @Test
    void budgetsParseAndBecomeCandidatesWhoseIdentityIncludesTheBudget() throws IOException {
        SweepSpec s = load("  budget: [\"nonzero_params<=25000\", \"flops <= 1e5\"]");
        assertEquals(List.of(new Budget(Metric.NONZERO_PARAMS, 25000), new Budget(Metric.FLOPS, 100000)),
                s.space().target().budgets());
        List<CandidateConfig> c = s.candidates();
        assertEquals(3, c.size(), "one sparsity candidate and one per budget");
        CandidateConfig b = c.get(1);
        assertEquals("nonzero_params<=25000", b.target().budget().id());
        assertEquals(Scope.LAYER, b.method().scope());
        assertEquals(Granularity.ELEMENT, b.method().granularity(), "the sensitivity section's granularity");
        assertTrue(b.canonical().contains(";budget=nonzero_params<=25000["), b.canonical());
        assertNotEquals(Candidate.of(b, 0, "m", "d").id(), Candidate.of(c.get(2), 0, "m", "d").id());
        // a spec without budgets keeps the candidate ids it had (no budget text in the canonical form)
        assertTrue(!c.get(0).canonical().contains("budget"), c.get(0).canonical());
        // the sensitivity section is part of a budget candidate's identity
        SweepSpec other = load("  budget: [\"nonzero_params<=25000\", \"flops <= 1e5\"]\n"
                + "sensitivity: {ratios: [0.5, 0.9]}");
        assertNotEquals(Candidate.of(b, 0, "m", "d").id(), Candidate.of(other.candidates().get(1), 0, "m", "d").id());
        assertEquals(Candidate.of(c.get(0), 0, "m", "d").id(), Candidate.of(other.candidates().get(0), 0, "m", "d").id());
    }

    @Test
    void sparsityIsOptionalWhenABudgetIsGiven() throws IOException {
        Path f = dir.resolve("y.yaml");
        Files.writeString(f, """
                name: b
                model: {zoo: mlp}
                space: {criterion: [magnitude, taylor], granularity: [element], budget: "nonzero_params<=9000"}
                """);
        SweepSpec s = SpecLoader.load(f);
        assertEquals(2, s.candidates().size());
        assertTrue(s.candidates().stream().allMatch(c -> c.target().budget() != null));
    }

    @Test
    void badBudgetsNameFileKeyAndValue() throws IOException {
        fails("  budget: [\"params<=5\"]", "space.budget[0]", "params<=5", "unknown budget metric 'params'");
        fails("  budget: [\"flops>=5\"]", "space.budget[0]", "flops>=5", "use <=");
        fails("  budget: [\"flops<=-5\"]", "space.budget[0]", "flops<=-5", "positive");
        fails("  budget: [\"val_accuracy<=0.5\"]", "space.budget[0]", "val_accuracy<=0.5",
                "metric = val_accuracy: cannot be a budget; allowed: ");
        fails("  budget: [\"flops<=abc\"]", "space.budget[0]", "flops<=abc", "not a number");
        fails("  budget: [\"flops\"]", "space.budget[0]", "flops", "METRIC<=NUMBER");
        fails("  budget: [5]", "space.budget[0]", "5", "expected a string");
        fails("  budget: [\"flops<=5\", \"flops <= 5\"]", "space.budget[1]", "flops <= 5", "duplicate");
    }

    @Test
    void sensitivitySectionHasDefaultsAndIsValidated() throws IOException {
        assertEquals(SensitivitySettings.defaults(), load("").sensitivity());
        SweepSpec s = load("sensitivity: {ratios: [0.9, 0.5], criterion: l1, granularity: neuron}");
        assertEquals(List.of(0.5, 0.9), s.sensitivity().ratios());
        assertEquals(CriterionKind.L1, s.sensitivity().criterion());
        assertEquals(Granularity.NEURON, s.sensitivity().granularity());
        assertNotEquals(load("").specHash(), s.specHash());
        fails("sensitivity: {ratios: [0.5, 1.0]}", "sensitivity.ratios[1]", "1.0", "(0, 1)");
        fails("sensitivity: {granularity: nm}", "sensitivity.granularity", "nm", "element, neuron, channel");
        fails("sensitivity: {criterion: biggest}", "sensitivity.criterion", "biggest", "unknown criterion");
        fails("sensitivity: {ratio: [0.5]}", "sensitivity.ratio", null, "unknown key");
    }

    @Test
    void halvingParsesAndRungZeroUsesMinEpochs() throws IOException {
        SweepSpec s = load("search: {method: halving, rungs: 3, eta: 2, minEpochs: 1}");
        assertEquals(SearchSettings.halving(3, 2, 1), s.search());
        assertEquals(List.of(1, 2, 4), List.of(s.search().rungEpochs(0), s.search().rungEpochs(1),
                s.search().rungEpochs(2)));
        assertEquals(2, s.search().rungOf(4));
        assertTrue(s.candidates().stream().allMatch(c -> c.fineTune().epochs() == 1));
        SweepSpec d = load("search: {method: halving}");
        assertEquals(SearchSettings.halving(3, 2, 1), d.search(), "defaults");
        fails("search: {method: halving, eta: 1}", "search.eta", "1", ">= 2");
        fails("search: {method: halving, minEpochs: 0}", "search.minEpochs", "0", ">= 1");
        fails("search: {method: grid, rungs: 2}", "search.rungs", "2", "only used with method halving");
        fails("  fineTuneEpochs: [2]\nsearch: {method: halving}", "space.fineTuneEpochs", "[2]", "not used with");
    }
}
