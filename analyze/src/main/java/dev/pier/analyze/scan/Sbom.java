package dev.pier.analyze.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The software inventory of a {@link ScanReport} as SPDX 2.3 JSON and CycloneDX 1.5 JSON. */
public final class Sbom {
    private Sbom() {}

    /** An SPDX 2.3 document: the image as the described package, each inventory entry contained in it. */
    public static Map<String, Object> spdx(ScanReport report, Instant created) {
        List<Object> packages = new ArrayList<>();
        List<Object> relationships = new ArrayList<>();
        packages.add(spdxPackage("SPDXRef-Image", report.image(), "", null));
        relationships.add(Map.of("spdxElementId", "SPDXRef-DOCUMENT", "relationshipType", "DESCRIBES",
                "relatedSpdxElement", "SPDXRef-Image"));
        int n = 0;
        for (SoftwarePackage p : report.packages()) {
            String id = "SPDXRef-Package-" + p.type() + "-" + (++n);
            packages.add(spdxPackage(id, p.name(), p.version(), p.purl()));
            relationships.add(Map.of("spdxElementId", "SPDXRef-Image", "relationshipType", "CONTAINS", "relatedSpdxElement", id));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("spdxVersion", "SPDX-2.3");
        doc.put("dataLicense", "CC0-1.0");
        doc.put("SPDXID", "SPDXRef-DOCUMENT");
        doc.put("name", report.image());
        doc.put("documentNamespace", "https://spdx.org/spdxdocs/pier-" + safe(report.image()) + "-" + UUID.randomUUID());
        doc.put("creationInfo", Map.of("created", created.toString(), "creators", List.of("Tool: pier")));
        doc.put("packages", packages);
        doc.put("relationships", relationships);
        return doc;
    }

    private static Map<String, Object> spdxPackage(String id, String name, String version, String purl) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("SPDXID", id);
        p.put("name", name);
        if (!version.isEmpty()) {
            p.put("versionInfo", version);
        }
        p.put("downloadLocation", "NOASSERTION");
        p.put("filesAnalyzed", false);
        if (purl != null) {
            p.put("externalRefs", List.of(Map.of("referenceCategory", "PACKAGE-MANAGER", "referenceType", "purl",
                    "referenceLocator", purl)));
        }
        return p;
    }

    /** A CycloneDX 1.5 BOM: the image as the metadata component, each inventory entry a library. */
    public static Map<String, Object> cycloneDx(ScanReport report, Instant created) {
        List<Object> components = new ArrayList<>();
        for (SoftwarePackage p : report.packages()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("type", "library");
            c.put("bom-ref", p.purl());
            if (p.type().equals("maven") && p.name().contains(":")) {
                c.put("group", p.name().substring(0, p.name().indexOf(':')));
                c.put("name", p.name().substring(p.name().indexOf(':') + 1));
            } else {
                c.put("name", p.name());
            }
            c.put("version", p.version());
            c.put("purl", p.purl());
            c.put("properties", List.of(Map.of("name", "pier:path", "value", p.path()),
                    Map.of("name", "pier:layer", "value", Integer.toString(p.layer()))));
            components.add(c);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("timestamp", created.toString());
        metadata.put("tools", Map.of("components", List.of(Map.of("type", "application", "name", "pier"))));
        metadata.put("component", Map.of("type", "container", "name", report.image(), "bom-ref", "image"));
        Map<String, Object> bom = new LinkedHashMap<>();
        bom.put("bomFormat", "CycloneDX");
        bom.put("specVersion", "1.5");
        bom.put("serialNumber", "urn:uuid:" + UUID.randomUUID());
        bom.put("version", 1);
        bom.put("metadata", metadata);
        bom.put("components", components);
        return bom;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
