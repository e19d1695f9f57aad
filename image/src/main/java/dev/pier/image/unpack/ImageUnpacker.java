package dev.pier.image.unpack;

import dev.pier.image.PierException;
import dev.pier.image.layer.ApplyResult;
import dev.pier.image.layer.ExtractOptions;
import dev.pier.image.layer.LayerApplier;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;

/**
 * Flattens an image into a directory, layer over layer, as {@code umoci unpack} does for its
 * rootfs. Layers must be applied in order, but reading, decompressing and verifying them need not
 * be: producer threads decompress and hash the next layers while the current one is written, each
 * through a bounded pipe, so memory stays flat whatever the layer sizes. A layer whose digest or
 * diff_id does not match fails the unpack; the target appears only when every layer is applied.
 */
public final class ImageUnpacker {
    private static final int CHUNK = 256 * 1024;
    private static final int CHUNKS_PER_LAYER = 32;
    private final int layersAhead;
    private final ExtractOptions options;

    /** @param layersAhead how many layers may be decompressed at once (at least 1) */
    public ImageUnpacker(int layersAhead, ExtractOptions options) {
        this.layersAhead = Math.max(1, layersAhead);
        this.options = options;
    }

    public static ImageUnpacker withDefaults() {
        return new ImageUnpacker(Math.max(2, Runtime.getRuntime().availableProcessors()), ExtractOptions.defaults());
    }

    /**
     * Unpacks into {@code target}, which must not exist or be an empty directory. The work happens
     * in a hidden directory beside it, renamed into place at the end; on failure it is removed.
     */
    public UnpackResult unpackInto(Image image, Path target) throws IOException {
        if (Files.exists(target) && !isEmptyDirectory(target)) {
            throw new PierException(target + " already exists and is not empty");
        }
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path staging = parent.resolve(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
        Files.createDirectory(staging);
        try {
            UnpackResult result = apply(image, staging);
            Files.deleteIfExists(target);
            Files.move(staging, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return result;
        } finally {
            if (Files.exists(staging)) {
                dev.pier.image.io.FileTrees.delete(staging);
            }
        }
    }

    /** Applies every layer of {@code image} onto {@code root}, in order. */
    public UnpackResult apply(Image image, Path root) throws IOException {
        List<Layer> layers = image.layers();
        List<ChunkPipe> pipes = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            pipes.add(new ChunkPipe(CHUNKS_PER_LAYER, CHUNK));
        }
        // Layer i starts decompressing once layer i - layersAhead is done, so the layer being
        // applied always has a running producer and the ones ahead cannot starve it.
        List<CountDownLatch> done = new ArrayList<>();
        layers.forEach(l -> done.add(new CountDownLatch(1)));
        List<ApplyResult> results = new ArrayList<>();
        try (ExecutorService producers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < layers.size(); i++) {
                Layer layer = layers.get(i);
                ChunkPipe pipe = pipes.get(i);
                CountDownLatch after = i >= layersAhead ? done.get(i - layersAhead) : new CountDownLatch(0);
                CountDownLatch finished = done.get(i);
                producers.submit(() -> produce(layer, pipe, after, finished));
            }
            try {
                for (int i = 0; i < layers.size(); i++) {
                    results.add(applyOne(layers.get(i), pipes.get(i), root));
                }
            } finally {
                pipes.forEach(ChunkPipe::abandon);
            }
        }
        return new UnpackResult(results);
    }

    private static void produce(Layer layer, ChunkPipe pipe, CountDownLatch after, CountDownLatch finished) {
        try {
            after.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished.countDown();
            return;
        }
        try {
            InputStream in;
            try {
                in = layer.openUncompressed();
            } catch (IOException e) {
                pipe.fill(failing(e));
                return;
            }
            pipe.fill(in);
        } finally {
            finished.countDown();
        }
    }

    private ApplyResult applyOne(Layer layer, ChunkPipe pipe, Path root) throws IOException {
        try (InputStream tar = pipe.reader()) {
            ApplyResult r = LayerApplier.apply(tar, "layer " + layer.digest(), root, options);
            // Read past the tar's end so the producer reaches the end of the blob and verifies it.
            tar.transferTo(java.io.OutputStream.nullOutputStream());
            return r;
        }
    }

    private static InputStream failing(IOException e) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw e;
            }
        };
    }

    private static boolean isEmptyDirectory(Path p) throws IOException {
        if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (var s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
