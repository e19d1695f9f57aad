package dev.pier.analyze.scan;

/**
 * A package installed in the image.
 *
 * @param type {@code deb}, {@code apk} or {@code maven}
 * @param name the package name (for Maven, {@code groupId:artifactId})
 * @param version its version, or empty
 * @param purl the package URL ({@code pkg:deb/debian/curl@7.88.1-10})
 * @param path the file that recorded it: the package database, or the jar
 * @param layer the index of the layer holding that file
 */
public record SoftwarePackage(String type, String name, String version, String purl, String path, int layer) {}
