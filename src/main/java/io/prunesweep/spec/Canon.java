package io.prunesweep.spec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Locale-independent renderings and hashing shared by the canonical forms of the spec records. */
final class Canon {

    private Canon() {
    }

    /** 0.90, 0.9 and 9E-1 all render as {@code 0.9}, so equal values hash equally. */
    static String num(double d) {
        if (d == 0) {
            return "0"; // BigDecimal keeps "0.0" as is; also folds -0.0 into 0
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** Quotes strings so that separators inside values cannot make two specs render alike. */
    static String str(String s) {
        if (s == null) {
            return "null";
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }
}
