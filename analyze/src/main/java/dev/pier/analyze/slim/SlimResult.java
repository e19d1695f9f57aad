package dev.pier.analyze.slim;

import dev.pier.analyze.trace.SeccompProfile;
import dev.pier.image.spec.Descriptor;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What {@link ImageSlimmer#slim} did.
 *
 * @param manifest the slim image's manifest
 * @param before the original image's size
 * @param after the slim image's size
 * @param exitStatus the traced run's exit status (143 or 137 when it was stopped)
 * @param probeStatus the HTTP status the probe got, when there was a probe and it was answered
 * @param syscalls how many distinct system calls the run made
 * @param seccomp the seccomp profile of the calls seen
 * @param capabilities the capabilities the run needed, each with the call that showed it
 */
public record SlimResult(Descriptor manifest, Size before, Size after, int exitStatus, Optional<Integer> probeStatus, int syscalls,
                         SeccompProfile seccomp, SortedMap<String, String> capabilities) {
    /**
     * The size of an image.
     *
     * @param compressed the layer blobs' total size, as pulled
     * @param bytes the content of its regular files (what unpacking writes to disk)
     * @param files regular files in the image's file system
     */
    public record Size(long compressed, long bytes, long files) {}

    /** How many times smaller the compressed layers became. */
    public double ratio() {
        return after.compressed() == 0 ? 0 : (double) before.compressed() / after.compressed();
    }
}
