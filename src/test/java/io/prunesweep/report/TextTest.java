package io.prunesweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void escapesMarkupQuotesAndXmlIllegalCharacters() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", Text.esc("a <b> & \"c\" 'd'"));
        assertEquals("x\uFFFDy\tz\n", Text.esc("x\u0001y\tz\n"));
        assertEquals("lone \uFFFD", Text.esc("lone \uD800"));
        assertEquals("pair \uD83D\uDE00", Text.esc("pair \uD83D\uDE00"));
        assertEquals("", Text.esc(null));
    }

    @Test
    void missingValuesShowAsDash() {
        assertEquals(Text.MISSING, Text.fraction(Double.NaN));
        assertEquals(Text.MISSING, Text.count(-1));
        assertEquals(Text.MISSING, Text.percent(Double.NaN));
        assertEquals(Text.MISSING, Text.millis(Double.NaN));
    }

    @Test
    void formatsInTheRootLocale() {
        assertEquals("0.9123", Text.fraction(0.91234));
        assertEquals("1,234,567", Text.count(1_234_567));
        assertEquals("87.5 %", Text.percent(0.875));
        assertEquals("12.35", Text.coord(12.345678));
        assertEquals("0.8125", Text.number(0.8125));
        assertEquals("12,000", Text.number(12_000));
    }

    @Test
    void compactTickLabels() {
        assertEquals("0", Text.compact(0));
        assertEquals("500", Text.compact(500));
        assertEquals("2k", Text.compact(2_000));
        assertEquals("2.5k", Text.compact(2_500));
        assertEquals("1M", Text.compact(1_000_000));
        assertEquals("0.85", Text.compact(0.85));
    }
}
