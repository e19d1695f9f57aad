package dev.pier.image.transport;

import dev.pier.image.PierException;
import dev.pier.image.ref.Reference;
import dev.pier.image.remote.RegistryDestination;
import dev.pier.image.remote.RegistryOptions;
import dev.pier.image.remote.RegistrySource;
import dev.pier.image.store.LocalStore;
import dev.pier.image.store.OciLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an image is, written as skopeo writes it: {@code oci:PATH[:REF]}, {@code oci-archive:FILE[:REF]},
 * {@code docker-archive:FILE[:REF]}, {@code dir:PATH}, {@code docker://REGISTRY/REPO[:TAG|@DIGEST]}, or a bare
 * name for the local store.
 * A location opens as a source to read from or a destination to write to.
 */
public sealed interface ImageLocation {

    ImageSource openSource() throws IOException;

    ImageDestination openDestination() throws IOException;

    /** An OCI image layout directory and an optional {@code ref.name}. */
    record OciLayoutLocation(Path dir, Optional<String> refName) implements ImageLocation {
        @Override
        public ImageSource openSource() {
            return new OciLayoutSource(OciLayout.open(dir), refName, toString());
        }

        @Override
        public ImageDestination openDestination() throws IOException {
            return new OciLayoutDestination(OciLayout.openOrCreate(dir), refName, toString());
        }

        @Override
        public String toString() {
            return "oci:" + dir + refName.map(r -> ":" + r).orElse("");
        }
    }

    /** A tar of an OCI image layout. */
    record OciArchiveLocation(Path file, Optional<String> refName) implements ImageLocation {
        @Override
        public ImageSource openSource() throws IOException {
            return new OciArchiveSource(file, refName);
        }

        @Override
        public ImageDestination openDestination() throws IOException {
            return new OciArchiveDestination(file, refName);
        }

        @Override
        public String toString() {
            return "oci-archive:" + file + refName.map(r -> ":" + r).orElse("");
        }
    }

    /** A {@code docker save} archive; the reference is a tag, or {@code @N} when reading. */
    record DockerArchiveLocation(Path file, Optional<String> ref) implements ImageLocation {
        @Override
        public ImageSource openSource() throws IOException {
            return new DockerArchiveSource(file, ref);
        }

        @Override
        public ImageDestination openDestination() throws IOException {
            Optional<Reference> tag = ref.map(Reference::parse);
            if (tag.isPresent() && tag.get().tag().isEmpty()) {
                throw new PierException("docker-archive:" + file + ": the name to record needs a tag, not a digest");
            }
            return new DockerArchiveDestination(file, tag);
        }

        @Override
        public String toString() {
            return "docker-archive:" + file + ref.map(r -> ":" + r).orElse("");
        }
    }

    /** skopeo's {@code dir:} format. */
    record DirLocation(Path dir) implements ImageLocation {
        @Override
        public ImageSource openSource() {
            return new DirSource(dir);
        }

        @Override
        public ImageDestination openDestination() throws IOException {
            return new DirDestination(dir);
        }

        @Override
        public String toString() {
            return "dir:" + dir;
        }
    }

    /** An image of the local store, by name or (when reading) by id. */
    record StoreLocation(LocalStore store, String nameOrId) implements ImageLocation {
        @Override
        public ImageSource openSource() {
            var image = store.find(nameOrId).orElseThrow(() -> {
                if (!looksLikeId(nameOrId)) {
                    Reference.parse(nameOrId); // a malformed name says so, rather than "not known"
                }
                return new PierException("image not known: " + nameOrId + " (see pier images)");
            });
            return new OciLayoutSource(store.layout(), Optional.of(image.name()), image.name());
        }

        @Override
        public ImageDestination openDestination() throws IOException {
            Reference ref = Reference.parse(nameOrId);
            var held = store.writing();
            var dest = new OciLayoutDestination(store.layout(), Optional.of(ref.toString()), ref.toString());
            return new ImageDestinationWrapper(dest) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        held.close();
                    }
                }
            };
        }

        @Override
        public String toString() {
            return nameOrId;
        }

        private static boolean looksLikeId(String s) {
            String hex = s.startsWith("sha256:") ? s.substring(7) : s;
            return !hex.isEmpty() && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && !Character.isUpperCase(c));
        }
    }

    /** An image in a registry; opening it contacts nobody until a manifest or blob is asked for. */
    record RegistryLocation(Reference reference, RegistryOptions options) implements ImageLocation {
        /** Every user of an opened source reads its manifest first: it is fetched at once, in the background. */
        @Override
        public ImageSource openSource() {
            var source = new RegistrySource(reference, options);
            source.fetchManifestAhead();
            return source;
        }

        @Override
        public ImageDestination openDestination() {
            return new RegistryDestination(reference, options);
        }

        @Override
        public String toString() {
            return "docker://" + reference;
        }
    }

    /**
     * Parses a location. A bare name means the local store, which {@code store} opens only when needed.
     */
    static ImageLocation parse(String text, java.util.function.Supplier<LocalStore> store) {
        return parse(text, store, RegistryOptions.defaults());
    }

    /** As {@link #parse(String, java.util.function.Supplier)}, with how to talk to registries for {@code docker://}. */
    static ImageLocation parse(String text, java.util.function.Supplier<LocalStore> store, RegistryOptions registry) {
        int colon = text.indexOf(':');
        String transport = colon < 0 ? "" : text.substring(0, colon);
        String rest = colon < 0 ? text : text.substring(colon + 1);
        return switch (transport) {
            case "oci" -> new OciLayoutLocation(path(text, firstPart(rest)), refPart(rest));
            case "oci-archive" -> new OciArchiveLocation(path(text, firstPart(rest)), refPart(rest));
            case "docker-archive" -> new DockerArchiveLocation(path(text, firstPart(rest)), refPart(rest));
            case "dir" -> new DirLocation(path(text, rest));
            case "docker" -> new RegistryLocation(registryReference(text, rest), registry);
            case "containers-storage", "docker-daemon" -> throw new PierException(text + ": the " + transport
                    + " transport is not supported; use oci:, oci-archive:, docker-archive:, dir: or a local image name");
            default -> {
                if (rest.startsWith("//")) {
                    throw new PierException(text + ": unknown transport \"" + transport
                            + "\"; use oci:, oci-archive:, docker-archive:, dir: or a local image name");
                }
                yield new StoreLocation(store.get(), text);
            }
        };
    }

    private static Reference registryReference(String text, String rest) {
        if (!rest.startsWith("//") || rest.length() == 2) {
            throw new PierException(text + ": expected docker://REGISTRY/REPOSITORY[:TAG|@DIGEST]");
        }
        return Reference.parse(rest.substring(2));
    }

    private static String firstPart(String rest) {
        int c = rest.indexOf(':');
        return c < 0 ? rest : rest.substring(0, c);
    }

    private static Optional<String> refPart(String rest) {
        int c = rest.indexOf(':');
        return c < 0 || c == rest.length() - 1 ? Optional.empty() : Optional.of(rest.substring(c + 1));
    }

    private static Path path(String text, String p) {
        if (p.isEmpty()) {
            throw new PierException(text + ": missing path");
        }
        return Path.of(p);
    }
}
