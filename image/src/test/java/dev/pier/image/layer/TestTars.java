package dev.pier.image.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds arbitrary (also hostile) tars with Commons Compress, bypassing LayerWriter's checks. */
final class TestTars {
    static final java.nio.file.attribute.FileTime MTIME = java.nio.file.attribute.FileTime.fromMillis(1_500_000_000_000L);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    TestTars() {
        tar = new TarArchiveOutputStream(bytes, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** A raw entry; {@code preserveAbsolutePath} keeps a leading slash in the name. */
    TestTars entry(String name, byte type, String link, byte[] content) {
        try {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setMode(type == TarConstants.LF_DIR ? 0755 : 0644);
            e.setUserName("");
            e.setGroupName("");
            e.setUserId(0);
            e.setModTime(MTIME);
            e.setGroupId(0);
            if (link != null) {
                e.setLinkName(link);
            }
            e.setSize(content == null ? 0 : content.length);
            tar.putArchiveEntry(e);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
            return this;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    TestTars file(String name, String content) {
        return entry(name, TarConstants.LF_NORMAL, null, content.getBytes(StandardCharsets.UTF_8));
    }

    TestTars dir(String name) {
        return entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, null, null);
    }

    TestTars symlink(String name, String target) {
        return entry(name, TarConstants.LF_SYMLINK, target, null);
    }

    TestTars hardlink(String name, String target) {
        return entry(name, TarConstants.LF_LINK, target, null);
    }

    byte[] bytes() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
