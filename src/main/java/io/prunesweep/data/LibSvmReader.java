package io.prunesweep.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import io.prunesweep.storage.StoragePath;

/**
 * Reads LibSVM / SVMlight text: {@code label index:value index:value ...} per line with 1-based feature
 * indices; absent features are 0. Blank lines and {@code #} comments are skipped. Gzipped files are
 * accepted.
 *
 * <p>Reading is two-phase because the width may be inferred from the largest index over the training
 * <em>and</em> test files, which is only known after both have been parsed.
 */
final class LibSvmReader {

    private LibSvmReader() {
    }

    /** A parsed file in sparse form, ready to be densified to a chosen width. */
    static final class Sparse {
        private final StoragePath file;
        private final IntList labels = new IntList();
        private final IntList lines = new IntList();
        private final IntList rowStart = new IntList();
        private final IntList indices = new IntList();
        private final FloatList values = new FloatList();
        private int maxIndex;

        private Sparse(StoragePath file) {
            this.file = file;
        }

        /** @return the largest 1-based feature index seen, 0 if every row is empty */
        int maxIndex() {
            return maxIndex;
        }

        /**
         * @param width number of features; every index in the file must be at most {@code width}
         */
        RawExamples toDense(int width) {
            int n = labels.size();
            float[] dense = new float[Math.multiplyExact(n, width)];
            for (int row = 0; row < n; row++) {
                int end = row + 1 < n ? rowStart.get(row + 1) : indices.size();
                for (int k = rowStart.get(row); k < end; k++) {
                    int index = indices.get(k);
                    if (index > width) {
                        throw DataException.atLine(file, lines.get(row), "feature index " + index
                                + " exceeds numFeatures " + width);
                    }
                    dense[row * width + index - 1] = values.get(k);
                }
            }
            return new RawExamples(dense, labels.toArray(), width, null);
        }
    }

    static Sparse read(StoragePath file, String role) {
        Sparse sparse = new Sparse(file);
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(DataFiles.open(file, role), StandardCharsets.UTF_8))) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                int comment = line.indexOf('#');
                String content = (comment >= 0 ? line.substring(0, comment) : line).trim();
                if (content.isEmpty()) {
                    continue;
                }
                String[] tokens = content.split("\\s+");
                sparse.labels.add(DataFiles.parseLabel(tokens[0], file, lineNumber, "token 1"));
                sparse.lines.add(lineNumber);
                sparse.rowStart.add(sparse.indices.size());
                for (int t = 1; t < tokens.length; t++) {
                    parseFeature(tokens[t], t + 1, sparse, lineNumber);
                }
            }
        } catch (IOException e) {
            throw DataException.inFile(file, "cannot read " + role + " file: " + e.getMessage());
        }
        if (sparse.labels.size() == 0) {
            throw DataException.inFile(file, "contains no data rows");
        }
        return sparse;
    }

    private static void parseFeature(String token, int position, Sparse sparse, int line) {
        int colon = token.indexOf(':');
        if (colon <= 0 || colon == token.length() - 1) {
            throw bad(sparse.file, line, position, token, "expected index:value");
        }
        int index;
        float value;
        try {
            index = Integer.parseInt(token.substring(0, colon));
        } catch (NumberFormatException e) {
            throw bad(sparse.file, line, position, token, "index is not an integer");
        }
        if (index < 1) {
            throw bad(sparse.file, line, position, token, "indices are 1-based and must be >= 1");
        }
        try {
            value = Float.parseFloat(token.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw bad(sparse.file, line, position, token, "value is not a number");
        }
        sparse.indices.add(index);
        sparse.values.add(value);
        sparse.maxIndex = Math.max(sparse.maxIndex, index);
    }

    private static DataException bad(StoragePath file, int line, int position, String token, String why) {
        return DataException.atLine(file, line, "token " + position + ": bad feature '" + token + "': " + why);
    }
}
