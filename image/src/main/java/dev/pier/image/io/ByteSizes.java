package dev.pier.image.io;

import java.util.Locale;

/** Byte counts for people, in decimal units as docker prints them ({@code 1.2MB}). */
public final class ByteSizes {
    private ByteSizes() {}

    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + "B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f%s" : v < 100 ? "%.1f%s" : "%.0f%s", v, units[u]);
    }
}
