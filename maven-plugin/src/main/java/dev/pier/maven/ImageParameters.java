package dev.pier.maven;

/** {@code <to>} and {@code <from>}: an image, as jib-maven-plugin writes them ({@code <to><image>x</image></to>}). */
public class ImageParameters {
    /** The image: a name, {@code docker://...}, {@code oci:DIR}, or for {@code <from>} {@code none}/{@code scratch}. */
    String image;

    public String getImage() {
        return image;
    }
}
