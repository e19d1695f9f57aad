package dev.pier.build.executor;

import dev.pier.image.layer.Compression;
import dev.pier.image.layer.EntryAttributes;
import dev.pier.image.layer.LayerWriter;
import dev.pier.image.layer.WrittenLayer;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.History;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.spec.RootFs;
import dev.pier.image.transport.CopyListener;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.ImageCopier;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.ImageLocation;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Writes the final stage as an image (config, manifest), squashing if asked, and copies it to every output. */
final class ImageAssembler {
    private ImageAssembler() {}

    static BuildResult assemble(BuildSession s, StageState st) throws IOException {
        List<Descriptor> layers = new ArrayList<>(st.layers);
        List<dev.pier.image.digest.Digest> diffIds = new ArrayList<>(st.diffIds);
        List<History> history = new ArrayList<>(st.history);
        int from = switch (s.options.squash()) {
            case NONE -> -1;
            case NEW -> st.baseLayerCount;
            case ALL -> 0;
        };
        if (from >= 0 && layers.size() - from > (from == 0 ? 0 : 1)) {
            WrittenLayer merged = from == 0 ? tree(s, st.rootfs()) : merge(s, layers.subList(from, layers.size()));
            int historyFrom = from == 0 ? 0 : st.baseHistoryCount;
            List<History> kept = new ArrayList<>(history.subList(0, historyFrom));
            history.subList(historyFrom, history.size()).forEach(h ->
                    kept.add(new History(h.created(), h.createdBy(), h.author(), h.comment(), true)));
            kept.add(new History(s.created, "pier build --squash" + (from == 0 ? "-all" : ""), null, null, null));
            history = kept;
            layers = new ArrayList<>(layers.subList(0, from));
            diffIds = new ArrayList<>(diffIds.subList(0, from));
            layers.add(merged.descriptor());
            diffIds.add(merged.diffId());
        }
        ImageConfig config = new ImageConfig(s.created, null, st.platform.architecture(), st.platform.os(), null, null,
                st.platform.variant(), st.config, new RootFs("layers", diffIds), history);
        Descriptor configDescriptor = s.store.layout().blobs().put(MediaType.OCI_CONFIG, Json.write(config));
        RawManifest manifest = RawManifest.of(Manifest.oci(configDescriptor, layers));
        s.store.layout().blobs().put(manifest.mediaType(), manifest.bytes());
        List<String> targets = new ArrayList<>(s.options.tags());
        targets.addAll(s.options.outputs());
        for (String target : targets) {
            try (ImageDestination dst = ImageLocation.parse(target, () -> s.store).openDestination()) {
                ImageCopier.copy(new BuiltImageSource(s.store.layout().blobs(), manifest), dst, CopyOptions.defaults(), CopyListener.NONE);
            }
            s.progress.line("naming to " + target);
        }
        if (targets.isEmpty()) {
            s.store.layout().addUntagged(manifest.descriptor());
        }
        return new BuildResult(manifest.descriptor(), configDescriptor.digest(), config, s.progress.executed(), s.progress.cached());
    }

    /** The whole root filesystem as one layer ({@code --squash-all}). */
    private static WrittenLayer tree(BuildSession s, Path rootfs) throws IOException {
        return s.store.layout().blobs().write(out -> {
            try (LayerWriter lw = LayerWriter.open(out, Compression.GZIP, s.layers.layerOptions())) {
                lw.addTree(rootfs);
                return lw.finish();
            }
        }).result();
    }

    /** Several layers merged into one: for each path the last layer's entry wins ({@code --squash}). */
    private static WrittenLayer merge(BuildSession s, List<Descriptor> layers) throws IOException {
        Path spool = Files.createTempDirectory(s.scratch, "merge-");
        record Kept(TarArchiveEntry entry, Path content) {}
        Map<String, Kept> entries = new LinkedHashMap<>();
        int n = 0;
        for (Descriptor d : layers) {
            try (InputStream raw = new BufferedInputStream(s.store.layout().blobs().openVerified(d), 1 << 16);
                 TarArchiveInputStream tar = new TarArchiveInputStream(Compression.detect(raw).decompress(raw, "layer " + d.digest()))) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    Path content = null;
                    if (e.isFile() && !e.isLink()) {
                        content = spool.resolve(Integer.toString(n++));
                        Files.copy(tar, content);
                    }
                    String name = e.getName().endsWith("/") ? e.getName().substring(0, e.getName().length() - 1) : e.getName();
                    entries.remove(name);
                    entries.put(name, new Kept(e, content));
                }
            }
        }
        List<PlannedEntry> planned = new ArrayList<>();
        for (var k : entries.entrySet()) {
            TarArchiveEntry e = k.getValue().entry();
            EntryAttributes a = new EntryAttributes(e.getMode(), e.getLongUserId(), e.getLongGroupId(),
                    e.getLastModifiedTime().toInstant(), Map.of());
            if (e.isDirectory()) {
                planned.add(new PlannedEntry(k.getKey(), dev.pier.image.layer.EntryType.DIRECTORY, a, null, 0, null));
            } else if (e.isSymbolicLink()) {
                planned.add(new PlannedEntry(k.getKey(), dev.pier.image.layer.EntryType.SYMLINK, a, null, 0, e.getLinkName()));
            } else if (k.getValue().content() != null) {
                planned.add(new PlannedEntry(k.getKey(), dev.pier.image.layer.EntryType.FILE, a, k.getValue().content(), e.getSize(), null));
            }
        }
        return s.layers.write(planned);
    }

}
