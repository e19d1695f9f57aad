package dev.pier.analyze.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Finds Maven coordinates in a jar, streaming: every {@code META-INF/maven/G/A/pom.properties},
 * also inside nested jars (Spring Boot's {@code BOOT-INF/lib/*.jar}, WARs' {@code WEB-INF/lib}),
 * down to {@link #MAX_DEPTH} levels.
 */
public final class JarInventory {
    static final int MAX_DEPTH = 4;
    private static final int MAX_PROPERTIES = 64 * 1024;

    private JarInventory() {}

    /** Whether a file name looks like a Java archive. */
    public static boolean isArchive(String path) {
        String p = path.toLowerCase(java.util.Locale.ROOT);
        return p.endsWith(".jar") || p.endsWith(".war") || p.endsWith(".ear");
    }

    /** The Maven packages of the jar read from {@code in} (not closed), recorded at {@code path}. */
    public static List<SoftwarePackage> read(InputStream in, String path, int layer) {
        List<SoftwarePackage> out = new ArrayList<>();
        try {
            scan(new ZipInputStream(in), "/" + path, layer, 0, out);
        } catch (IOException | IllegalArgumentException e) {
            // not a valid zip: nothing to inventory
        }
        return out;
    }

    private static void scan(ZipInputStream zip, String path, int layer, int depth, List<SoftwarePackage> out) throws IOException {
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            String name = e.getName();
            if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
                byte[] bytes = zip.readNBytes(MAX_PROPERTIES);
                Properties p = new Properties();
                p.load(new StringReader(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
                String g = p.getProperty("groupId");
                String a = p.getProperty("artifactId");
                String v = p.getProperty("version", "");
                if (g != null && a != null) {
                    out.add(new SoftwarePackage("maven", g + ":" + a, v, "pkg:maven/" + g + "/" + a + (v.isEmpty() ? "" : "@" + v),
                            path, layer));
                }
            } else if (depth < MAX_DEPTH && isArchive(name)) {
                // the inner stream ends with the entry; ZipInputStream does not close what it reads from here
                scan(new ZipInputStream(new NonClosing(zip)), path + "!/" + name, layer, depth + 1, out);
            }
        }
    }

    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
