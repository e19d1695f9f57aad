package dev.pier.image.transport;

import dev.pier.image.store.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Packs a staged directory into an uncompressed tar file, atomically, with sorted members and
 * fixed ownership and times so the same content always gives the same archive.
 */
final class TarFileWriter {
    private TarFileWriter() {}

    static void pack(Path dir, Path target) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(p -> !p.equals(dir)).sorted().toList();
        }
        AtomicFile.write(target, out -> {
            var tar = new TarArchiveOutputStream(out, 64 * 1024);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path p : paths) {
                addMember(tar, dir, p);
            }
            tar.finish();
        });
    }

    private static void addMember(TarArchiveOutputStream tar, Path dir, Path p) throws IOException {
        String name = dir.relativize(p).toString().replace('\\', '/');
        boolean isDir = Files.isDirectory(p);
        TarArchiveEntry e = new TarArchiveEntry(isDir ? name + "/" : name);
        e.setModTime(0);
        e.setIds(0, 0);
        e.setMode(isDir ? 040755 : 0100644);
        if (!isDir) {
            e.setSize(Files.size(p));
        }
        tar.putArchiveEntry(e);
        if (!isDir) {
            try (InputStream in = Files.newInputStream(p)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }
}
