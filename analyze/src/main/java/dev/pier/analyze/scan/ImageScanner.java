package dev.pier.analyze.scan;

import dev.pier.analyze.tree.ContentVisitor;
import dev.pier.analyze.tree.FileEntry;
import dev.pier.analyze.tree.ImageDiff;
import dev.pier.analyze.tree.LayerDiff;
import dev.pier.analyze.tree.LayerDiffEngine;
import dev.pier.analyze.tree.LayerEntry;
import dev.pier.image.digest.Digest;
import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.spec.History;
import dev.pier.image.transport.Image;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scans an image in one pass over its layers: file modes (setuid/setgid, world-writable), secrets
 * in files of every layer (also files a later layer deleted: they still ship) and in the config,
 * and the software inventory (dpkg, apk, jars) of the final tree.
 */
public final class ImageScanner {
    /** Text files larger than this are not searched for secrets. */
    static final int MAX_TEXT = 1024 * 1024;

    private ImageScanner() {}

    public static ScanReport scan(String name, Image image) throws IOException {
        List<Finding> findings = new ArrayList<>();
        List<SoftwarePackage> packages = new ArrayList<>();
        List<Digest> digests = image.layers().stream().map(l -> l.digest()).toList();
        ContentVisitor visitor = (layer, entry, content) -> visit(layer, digests.get(layer), entry, content, findings, packages);
        ImageDiff diff = LayerDiffEngine.diff(image, visitor, false);
        for (LayerDiff l : diff.layers()) {
            for (LayerEntry e : l.entries()) {
                if (e instanceof LayerEntry.Put(FileEntry f)) {
                    modes(f, l.digest(), findings);
                }
            }
        }
        config(image.config().config(), image.config().history(), findings);
        // The inventory is what the final tree holds: each file's version from the layer that put it last.
        List<SoftwarePackage> inventory = packages.stream()
                .filter(p -> diff.tree().get(p.path().substring(1).split("!/")[0])
                        .filter(f -> f.layer() == p.layer()).isPresent())
                .toList();
        findings.sort(Comparator.comparing(Finding::severity).reversed().thenComparingInt(Finding::layer)
                .thenComparing(f -> f.path() == null ? "" : f.path()));
        return new ScanReport(name, findings, inventory);
    }

    private static void visit(int layer, Digest digest, FileEntry f, InputStream content, List<Finding> findings,
                              List<SoftwarePackage> packages) throws IOException {
        String path = f.path();
        if (JarInventory.isArchive(path)) {
            packages.addAll(JarInventory.read(content, path, layer));
            return;
        }
        if (f.name().equals(".env") || f.name().endsWith(".env")) {
            findings.add(new Finding(Rule.DOTENV, Severity.MEDIUM, ".env file of " + f.size() + " bytes", "/" + path, layer, digest));
        }
        if (f.size() > MAX_TEXT) {
            return;
        }
        byte[] bytes = content.readNBytes(MAX_TEXT);
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (path.equals(PackageDatabases.DPKG_STATUS)) {
            packages.addAll(PackageDatabases.dpkg(text, path, layer));
            return;
        }
        if (path.equals(PackageDatabases.APK_INSTALLED)) {
            packages.addAll(PackageDatabases.apk(text, path, layer));
            return;
        }
        if (isBinary(bytes)) {
            return;
        }
        boolean generic = f.name().endsWith(".env") || f.name().endsWith(".properties") || f.name().endsWith(".conf")
                || f.name().endsWith(".yml") || f.name().endsWith(".yaml") || f.name().endsWith(".ini");
        for (SecretDetector.Match m : SecretDetector.scan(text, generic)) {
            findings.add(new Finding(m.rule(), m.severity(), m.description() + " at line " + m.line(), "/" + path, layer, digest));
        }
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static void modes(FileEntry f, Digest digest, List<Finding> findings) {
        int mode = f.mode();
        String path = "/" + f.path();
        if (f.isRegularFile() && (mode & 06000) != 0 && (mode & 0111) != 0) {
            String bits = (mode & 04000) != 0 ? ((mode & 02000) != 0 ? "setuid and setgid" : "setuid") : "setgid";
            findings.add(new Finding(Rule.SETUID, Severity.MEDIUM, String.format("%s executable (mode %04o, owner %d)", bits, mode, f.uid()),
                    path, f.layer(), digest));
        }
        boolean writable = (mode & 0002) != 0;
        if (writable && f.isRegularFile()) {
            findings.add(new Finding(Rule.WORLD_WRITABLE, Severity.MEDIUM, String.format("world-writable file (mode %04o)", mode),
                    path, f.layer(), digest));
        } else if (writable && f.isDirectory() && (mode & 01000) == 0) {
            findings.add(new Finding(Rule.WORLD_WRITABLE, Severity.MEDIUM,
                    String.format("world-writable directory without the sticky bit (mode %04o)", mode), path, f.layer(), digest));
        }
    }

    private static void config(ContainerConfig c, List<History> history, List<Finding> findings) {
        String user = c.user() == null ? "" : c.user().strip();
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        if (name.isEmpty() || name.equals("0") || name.equals("root")) {
            findings.add(new Finding(Rule.RUNS_AS_ROOT, Severity.HIGH,
                    user.isEmpty() ? "no USER: the container runs as root" : "USER " + user + " runs as root", null, -1, null));
        }
        for (String env : c.env()) {
            for (SecretDetector.Match m : SecretDetector.scan(env, true)) {
                findings.add(new Finding(m.rule(), m.severity(), "ENV " + m.description(), null, -1, null));
            }
        }
        for (var label : c.labels().entrySet()) {
            for (SecretDetector.Match m : SecretDetector.scan(label.getKey() + "=" + label.getValue(), true)) {
                findings.add(new Finding(m.rule(), m.severity(), "LABEL " + m.description(), null, -1, null));
            }
        }
        for (History h : history) {
            if (h.createdBy() != null) {
                for (SecretDetector.Match m : SecretDetector.scan(h.createdBy(), false)) {
                    findings.add(new Finding(m.rule(), m.severity(), "history step: " + m.description(), null, -1, null));
                }
            }
        }
    }
}
