package dev.pier.analyze.scan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the OS package databases: dpkg's {@code /var/lib/dpkg/status} and apk's {@code /lib/apk/db/installed}. */
public final class PackageDatabases {
    /** The dpkg status file, relative to the root. */
    public static final String DPKG_STATUS = "var/lib/dpkg/status";
    /** The apk database, relative to the root. */
    public static final String APK_INSTALLED = "lib/apk/db/installed";

    private PackageDatabases() {}

    /** The installed packages of a dpkg status file (stanzas whose Status ends "installed"). */
    public static List<SoftwarePackage> dpkg(String status, String path, int layer) {
        List<SoftwarePackage> out = new ArrayList<>();
        for (Map<String, String> s : stanzas(status, ':')) {
            String name = s.get("Package");
            String st = s.getOrDefault("Status", "install ok installed");
            if (name == null || !st.endsWith(" installed")) {
                continue;
            }
            String version = s.getOrDefault("Version", "");
            String arch = s.get("Architecture");
            String purl = "pkg:deb/debian/" + name + "@" + version + (arch == null ? "" : "?arch=" + arch);
            out.add(new SoftwarePackage("deb", name, version, purl, "/" + path, layer));
        }
        return out;
    }

    /** The packages of an apk installed database ({@code P:} name, {@code V:} version, {@code A:} arch). */
    public static List<SoftwarePackage> apk(String installed, String path, int layer) {
        List<SoftwarePackage> out = new ArrayList<>();
        for (Map<String, String> s : stanzas(installed, ':')) {
            String name = s.get("P");
            if (name == null) {
                continue;
            }
            String version = s.getOrDefault("V", "");
            String arch = s.get("A");
            out.add(new SoftwarePackage("apk", name, version,
                    "pkg:apk/alpine/" + name + "@" + version + (arch == null ? "" : "?arch=" + arch), "/" + path, layer));
        }
        return out;
    }

    /** Blank-line separated stanzas of {@code Key: value} lines; continuation lines (leading space) are skipped. */
    private static List<Map<String, String>> stanzas(String text, char sep) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> cur = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                if (!cur.isEmpty()) {
                    out.add(cur);
                    cur = new LinkedHashMap<>();
                }
            } else if (!line.startsWith(" ") && !line.startsWith("\t")) {
                int c = line.indexOf(sep);
                if (c > 0) {
                    cur.put(line.substring(0, c).strip(), line.substring(c + 1).strip());
                }
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }
}
