package io.prunesweep.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generated tables inside a Markdown document. A table is written between two comment lines:
 *
 * <pre>
 * &lt;!-- report: docs/results/fashion-mlp --table front --columns config,val_acc,nonzero --&gt;
 * | config | val acc | nonzero |
 * ...
 * &lt;!-- /report --&gt;
 * </pre>
 *
 * <p>The opening comment holds the arguments of {@code prunesweep report} (directory relative to the
 * document's repository root); what lies between the comments must equal what that command prints. So a
 * measured table in README is never typed by hand: {@link #update} regenerates it and a test calls
 * {@link #mismatches} to prove it was not edited.
 */
public final class ReadmeTables {
    private static final Pattern BLOCK = Pattern.compile(
            "<!-- report: (.+?) -->\\n(.*?)<!-- /report -->", Pattern.DOTALL);

    private ReadmeTables() {
    }

    /** A generated table as found in a document. */
    public record Block(String args, String text) {
    }

    /** Every generated table of {@code markdown}, in document order. */
    public static List<Block> blocks(String markdown) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            out.add(new Block(m.group(1).trim(), m.group(2)));
        }
        return out;
    }

    /** The document with every generated table rendered again from its result files. */
    public static String update(String markdown, Path root) {
        Matcher m = BLOCK.matcher(markdown);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String table = TableRequest.parse(m.group(1), root).render();
            m.appendReplacement(out, Matcher.quoteReplacement("<!-- report: " + m.group(1).trim() + " -->\n"
                    + table + "<!-- /report -->"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** One line per generated table whose text differs from what its result files give; empty when all agree. */
    public static List<String> mismatches(String markdown, Path root) {
        List<String> out = new ArrayList<>();
        for (Block b : blocks(markdown)) {
            String expected = TableRequest.parse(b.args(), root).render();
            if (!expected.equals(b.text())) {
                out.add("table '" + b.args() + "' differs from its results:\n--- document\n" + b.text()
                        + "--- prunesweep report\n" + expected);
            }
        }
        return out;
    }
}
