package dev.pier.image.layer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.Map;

/**
 * Sets ownership, mode, times and xattrs of extracted files, never following a symlink. Ownership
 * comes first because chown clears setuid and setgid bits.
 */
final class EntryMetadata {
    static final String XATTR_PAX_PREFIX = "SCHILY.xattr.";

    private final boolean applyOwnership;
    private final ProcessIdentity self;
    private final List<UnappliedOwnership> unapplied;
    private final List<String> skipped;
    private final Map<Path, Boolean> setgidDirectories = new java.util.HashMap<>();

    EntryMetadata(boolean applyOwnership, ProcessIdentity self, List<UnappliedOwnership> unapplied, List<String> skipped) {
        this.applyOwnership = applyOwnership;
        this.self = self;
        this.unapplied = unapplied;
        this.skipped = skipped;
    }

    /**
     * lchown, or a note of the wanted owner when that is not possible. Returns whether lchown ran
     * (it clears setuid and setgid bits, so the caller must set the mode again). lchown is skipped
     * when the wanted owner is this process's own and the parent directory is not setgid: a new
     * file already has that owner.
     */
    boolean owner(Path p, String rel, long uid, long gid) throws IOException {
        if (applyOwnership && uid == self.uid() && gid == self.gid() && !setgidParent(p)) {
            return false;
        }
        if (applyOwnership) {
            try {
                // The unix view's setters use lchown when told not to follow links.
                Files.setAttribute(p, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
                return true;
            } catch (java.nio.file.FileSystemException e) {
                // EPERM (not root, or a file system that refuses): report it below.
            }
        }
        if (uid != self.uid() || gid != self.gid()) {
            unapplied.add(new UnappliedOwnership(rel, uid, gid));
        }
        return false;
    }

    /**
     * Whether {@link #owner} would leave a new file at {@code p} alone: ownership is not applied, or
     * the wanted owner is this process's own (and the directory does not impose its group).
     */
    boolean ownerNeedsNoCall(Path p, long uid, long gid) throws IOException {
        return !applyOwnership || (uid == self.uid() && gid == self.gid() && !setgidParent(p));
    }

    /** Whether new entries of {@code p}'s directory inherit its group (the setgid bit). */
    private boolean setgidParent(Path p) throws IOException {
        Path parent = p.getParent();
        Boolean known = setgidDirectories.get(parent);
        if (known == null) {
            known = (((Integer) Files.getAttribute(parent, "unix:mode")) & 02000) != 0;
            setgidDirectories.put(parent, known);
        }
        return known;
    }

    /** The permission bits to create a file with (setuid, setgid and sticky need a chmod). */
    static java.nio.file.attribute.FileAttribute<?> permissions(int mode) {
        return java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString(rwx(mode & 0777)));
    }

    /** True when a file created with {@link #permissions(int)} already has exactly {@code mode}. */
    static boolean createdWith(int mode) {
        return (mode & 07777) == (mode & 0777 & ~ProcessUmask.VALUE);
    }

    private static String rwx(int bits) {
        StringBuilder sb = new StringBuilder(9);
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((bits & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return sb.toString();
    }

    /**
     * chmod with setuid, setgid and sticky bits. Only for paths the applier itself just created as
     * non-symlinks: it uses path-based chmod(2) on purpose, because the JDK's NOFOLLOW variant
     * open()s the file, which blocks on a FIFO, opens a device, and needs read or write access.
     */
    static void mode(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode & 07777);
    }

    /**
     * Sets mtime (and atime, which a tar does not carry, to the same) of the file itself. Not for
     * FIFOs and devices: the JDK open()s the path to set times (see {@link SpecialFiles#touch}).
     */
    static void mtime(Path p, FileTime mtime) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(mtime, mtime, null);
    }

    /**
     * Applies {@code user.*} xattrs from PAX {@code SCHILY.xattr.*} records; the JDK can set no
     * other namespace ({@code security.capability} needs setxattr(2)), so those are noted as skipped.
     */
    void xattrs(Path p, String rel, Map<String, String> paxHeaders, boolean symlink) {
        for (Map.Entry<String, String> e : paxHeaders.entrySet()) {
            if (!e.getKey().startsWith(XATTR_PAX_PREFIX)) {
                continue;
            }
            String name = e.getKey().substring(XATTR_PAX_PREFIX.length());
            if (!name.startsWith("user.") || symlink) {
                skipped.add(rel + ": xattr " + name + " not applied (only user.* xattrs on files and directories can be set without native code)");
                continue;
            }
            try {
                UserDefinedFileAttributeView view =
                        Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                view.write(name.substring("user.".length()), ByteBuffer.wrap(e.getValue().getBytes(StandardCharsets.UTF_8)));
            } catch (IOException | UnsupportedOperationException | NullPointerException ex) {
                skipped.add(rel + ": xattr " + name + " not applied (" + ex.getMessage() + ")");
            }
        }
    }
}
