package dev.pier.cli;

import dev.pier.image.PierException;
import java.util.Locale;

/** Docker's memory sizes: a number with an optional b, k, m or g suffix (powers of 1024). */
final class Sizes {
    private Sizes() {}

    static long parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT).replaceFirst("ib?$|b$", "");
        long unit = 1;
        if (!s.isEmpty() && "kmg".indexOf(s.charAt(s.length() - 1)) >= 0) {
            unit = 1L << (10 * ("kmg".indexOf(s.charAt(s.length() - 1)) + 1));
            s = s.substring(0, s.length() - 1);
        }
        try {
            double v = Double.parseDouble(s);
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw new PierException("invalid size " + text + " (use e.g. 64m, 1g, 512k or a number of bytes)");
        }
    }
}
