package dev.pier.image.transport;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.VerifyingInputStream;
import dev.pier.image.layer.Compression;
import dev.pier.image.ref.Reference;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes what {@code docker load} reads: {@code manifest.json}, {@code repositories}, the config
 * as {@code <hex>.json} and each layer, uncompressed, as {@code <diff_id hex>/layer.tar}. The
 * archive is staged beside the target and renamed over it on commit.
 */
public final class DockerArchiveDestination implements ImageDestination {
    private final Path file;
    private final Optional<Reference> tag;
    private final Path staged;
    private Manifest top;

    public DockerArchiveDestination(Path file, Optional<Reference> tag) throws IOException {
        this.file = file;
        this.tag = tag;
        this.staged = StagingDirectory.createBeside(file);
    }

    @Override
    public String describe() {
        return "docker-archive:" + file;
    }

    @Override
    public Optional<Compression> requiredLayerCompression() {
        return Optional.of(Compression.NONE);
    }

    @Override
    public boolean acceptsIndex() {
        return false;
    }

    @Override
    public boolean hasBlob(Descriptor d) {
        return false;
    }

    @Override
    public void putBlob(Descriptor d, InputStream content) throws IOException {
        AtomicFile.write(staged.resolve(d.digest().encoded()), out -> {
            try (var in = new VerifyingInputStream(content, "blob " + d.digest(), d.digest(), d.size())) {
                in.transferTo(out);
            }
        });
    }

    @Override
    public void putManifest(RawManifest manifest, boolean topLevel) {
        if (manifest.isIndex()) {
            throw new PierException(describe() + ": a docker archive holds one image, not an index; choose one with --platform");
        }
        if (topLevel) {
            top = manifest.asManifest();
        }
    }

    @Override
    public void commit() throws IOException {
        if (top == null) {
            throw new IllegalStateException("commit before the manifest was written");
        }
        String configFile = top.config().digest().encoded() + ".json";
        Files.move(staged.resolve(top.config().digest().encoded()), staged.resolve(configFile));
        List<String> layerFiles = new ArrayList<>();
        for (Descriptor layer : top.layers()) {
            layerFiles.add(placeLayer(layer.digest()));
        }
        List<String> repoTags = tag.map(t -> List.of(t.familiarName())).orElse(List.of());
        AtomicFile.write(staged.resolve("manifest.json"), Json.write(List.of(new DockerArchiveManifest(configFile, repoTags, layerFiles))));
        AtomicFile.write(staged.resolve("repositories"), Json.write(repositories(layerFiles)));
        TarFileWriter.pack(staged, file);
    }

    private String placeLayer(Digest digest) throws IOException {
        String dir = digest.encoded();
        Path source = staged.resolve(dir);
        if (Files.isDirectory(source)) {
            return dir + "/layer.tar"; // the same layer twice in one image
        }
        Path tmp = staged.resolve(dir + ".tar");
        Files.move(source, tmp);
        Files.createDirectory(source);
        Files.move(tmp, source.resolve("layer.tar"));
        return dir + "/layer.tar";
    }

    private Map<String, Map<String, String>> repositories(List<String> layerFiles) {
        if (tag.isEmpty() || layerFiles.isEmpty() || tag.get().tag().isEmpty()) {
            return Map.of();
        }
        String topLayer = layerFiles.getLast().substring(0, layerFiles.getLast().indexOf('/'));
        Reference t = tag.get();
        String familiarRepo = t.familiarName().substring(0, t.familiarName().lastIndexOf(':'));
        return Map.of(familiarRepo, Map.of(t.tag().get(), topLayer));
    }

    @Override
    public void close() throws IOException {
        StagingDirectory.deleteTree(staged);
    }
}
