package io.prunesweep.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins what the committed specs in {@code conf/sweeps} mean: their spec hashes and the ids and seeds of every
 * candidate they yield (every halving rung included), with fixed model and data fingerprints. Results on disk
 * are keyed by these ids, so a refactoring of the spec records or the loader that changed one would silently
 * re-run finished candidates on resume. The values were computed by the loader before it was restructured.
 */
class CommittedSpecIdsTest {

    /** file name → spec hash, number of candidates (all rungs), SHA-256 of their "id seed" lines. */
    private static final Map<String, List<String>> PINNED = Map.of(
            "budget-halving.yaml", List.of(
                    "b49c7bb953ed7144c764a214938892564a6577fc59703a81a62318523c9a84a9", "10",
                    "151879e8bdce813037ee0dd852e589f7c125928c1dc4dd44be0a7b7f5379ba86"),
            "fashion-cnn.yaml", List.of(
                    "a122e4442703c7ab4420af0527644233b12195af0963ea5dfb0a6bce9a954485", "16",
                    "caab5e68d88da14a1653226013a934f2f0764dcc1dae0046d8fee7d4a68dab4e"),
            "fashion-resnet.yaml", List.of(
                    "1e0e839a3a325511c61b7c3a18ce09150622105dd412308bcc5230ad8b7856ef", "18",
                    "d672455fa7aa198a634c9dd0fc71fa471a589191c054d1a1e118a9f10f88e839"),
            "fashion-mlp-schedules.yaml", List.of(
                    "f70b92eb5071698752975e616ba210064248d18bce05cfb15a8d229bbdd234f3", "30",
                    "a7bf33969e11d990c858a6bf70a16c06e89092c1d01333b5f4f8860a3d0d92ec"),
            "fashion-mlp.yaml", List.of(
                    "e66768f119cfe805b6fafb4b11c614f37ebc87693069af01605fbfd04cc72d54", "24",
                    "2204647fffd6512a10e7cf8e868e496d3aebc8158b16d114827ae894559f9140"),
            "keras-import.yaml", List.of(
                    "2001901aa796e077b361fa0a5c52bbd320083222bfed587f178a2e8787a93b74", "6",
                    "cd5e1f6dff0191bdc17ab09a7a2529a2c5fd2d0cdaab4f430c3c866b5e490f99"),
            "quick.yaml", List.of(
                    "8b515fe84020b8330c9f713da8d86278058ca839cb3a396995a27e249cba2a34", "8",
                    "4bce1e448595e35714112de7cc2121998b6880ae4a9a29988c1291119a8f26d2"));

    static List<String> fingerprint(SweepSpec spec) {
        List<CandidateConfig> all = new ArrayList<>(spec.candidates());
        if (spec.search().halving()) {
            for (int r = 1; r < spec.search().rungs(); r++) {
                for (CandidateConfig c : spec.candidates()) {
                    all.add(c.withFineTuneEpochs(spec.search().rungEpochs(r)));
                }
            }
        }
        StringBuilder lines = new StringBuilder();
        for (CandidateConfig c : all) {
            Candidate cand = Candidate.of(c, spec.seed(), "model-fp", "data-fp");
            lines.append(cand.id()).append(' ').append(cand.seed()).append('\n');
        }
        return List.of(spec.specHash(), String.valueOf(all.size()), Canon.sha256Hex(lines.toString()));
    }

    @Test
    void committedSpecsKeepTheirHashesAndCandidateIds() throws IOException {
        Map<String, List<String>> actual = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("conf/sweeps"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                actual.put(f.getFileName().toString(), fingerprint(SpecLoader.load(f)));
            }
        }
        assertEquals(new TreeMap<>(PINNED), actual);
    }

    /** Every key of the spec with a non-default value, so each one's reading and canonical form is pinned too. */
    static final String EVERY_KEY = """
            name: every-key
            seed: -7
            model: {path: models/base.zip, epochs: 0, batchSize: 64, learningRate: 0.01}
            data: {format: csv, train: tr.csv, test: te.csv, validation: 10, trainLimit: 100, testLimit: 50,
                   labelColumn: 3, header: true}
            space:
              criterion: [l2, random, taylor]
              granularity: [block, nm, channel, element]
              scope: [global, layer]
              sparsity: [0.25, 0.800]
              schedule: [gradual, lottery-reinit, iterative]
              fineTuneEpochs: [0, 3]
              learningRate: [1e-4, 0.02]
              batchSize: 32
              pruneOutputLayer: true
              maxLayerSparsity: 0.9
              rounds: 5
              nm: "1:8"
              block: 2x2
              budget: ["sparse_bytes<=1e6", flops <= 5000]
            sensitivity: {ratios: [0.3, 0.6], criterion: l1, granularity: channel}
            search: {method: random, samples: 40}
            objectives: [flops, latency_ms, val_accuracy]
            spark: {parallelism: 3}
            output: out/every
            """;

    @Test
    void aSpecUsingEveryKeyKeepsItsHashAndCandidateIds() {
        assertEquals(List.of("caa951a25872cbbc47e54e48de016f1a82fd8069f192e6532dd16def5ff155d1", "40",
                "e17be9d5db297e8ef7988ab4fdd231b17c2be6a608710d5781acbfef08c96600"), fingerprint(SpecLoader.parse(EVERY_KEY, "every-key.yaml")));
    }
}
