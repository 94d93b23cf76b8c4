package io.prunesweep.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Escaping and number formatting shared by the HTML page and its SVG plot. */
final class Text {
    /** Shown for values that were not measured (NaN doubles, negative counts). */
    static final String MISSING = "–";

    private Text() {
    }

    /**
     * Escapes text for HTML and XML alike: the SVG is parsed as XML by some viewers, so only entities
     * XML predefines are used, and characters XML 1.0 forbids (control characters, lone surrogates, which
     * can appear in exception messages) become U+FFFD instead of breaking the document.
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    boolean allowed = cp == '\t' || cp == '\n' || cp == '\r'
                            || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
                    out.appendCodePoint(allowed ? cp : 0xFFFD);
                }
            }
        }
        return out.toString();
    }

    /** A coordinate for SVG: fixed two decimals in the root locale (a decimal comma would corrupt paths). */
    static String coord(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A fraction with four decimals, e.g. an accuracy. */
    static String fraction(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : MISSING;
    }

    /** A fraction as a percentage with one decimal. */
    static String percent(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f %%", 100 * v) : MISSING;
    }

    /** Milliseconds with three decimals. */
    static String millis(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : MISSING;
    }

    /** A count with thousands separators; negative counts mean "not measured". */
    static String count(long v) {
        return v < 0 ? MISSING : String.format(Locale.ROOT, "%,d", v);
    }

    /** Any double at four significant digits, without a trailing-zero tail. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return MISSING;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** A short tick label: 0.85, 2.5k, 1M. */
    static String compact(double v) {
        double a = Math.abs(v);
        String[] suffixes = {"", "k", "M", "G", "T"};
        int k = 0;
        while (a >= 1000 && k < suffixes.length - 1) {
            a /= 1000;
            k++;
        }
        if (k == 0) {
            return v == 0 ? "0" : new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        String mantissa = new BigDecimal(a).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        return (v < 0 ? "-" : "") + mantissa + suffixes[k];
    }
}
