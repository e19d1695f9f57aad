package dev.pier.build.jlink;

import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the dynamic loader needs of an ELF file (32- or 64-bit, either byte order), read from its
 * program headers: the interpreter ({@code PT_INTERP}) and, from the dynamic section
 * ({@code PT_DYNAMIC}), the libraries it needs ({@code DT_NEEDED}) and where to look for them
 * ({@code DT_RPATH}, {@code DT_RUNPATH}).
 *
 * <p>Files may come from an untrusted image, so only the parts named by the headers are read,
 * every offset is checked against the file and every size is bounded; a malformed file never
 * causes more than a few kilobytes to be read or allocated. {@link #read} treats a malformed file
 * as "not ELF"; {@link #require} rejects it with a one-line {@link PierException}.
 *
 * @param is64 whether it is ELFCLASS64
 * @param machine {@code e_machine}, e.g. 62 for x86-64
 * @param interpreter the program interpreter, for dynamically linked executables
 * @param needed the DT_NEEDED names, in order
 * @param rpath DT_RPATH split at colons ({@code $ORIGIN} not expanded)
 * @param runpath DT_RUNPATH split at colons ({@code $ORIGIN} not expanded)
 */
public record ElfFile(boolean is64, int machine, Optional<String> interpreter, List<String> needed, List<String> rpath,
                      List<String> runpath) {
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_STRSZ = 10;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;
    // Far above what real files use (a few dozen headers, a few hundred dynamic entries, paths
    // under PATH_MAX), low enough that a hostile header cannot make us read or allocate much.
    private static final int MAX_HEADERS = 4096;
    private static final int MAX_DYNAMIC = 1 << 20;
    private static final int MAX_STRING = 4096;

    public ElfFile {
        needed = List.copyOf(needed);
        rpath = List.copyOf(rpath);
        runpath = List.copyOf(runpath);
    }

    /** A program header: type, file offset, virtual address, size in the file. */
    private record Segment(int type, long offset, long vaddr, long filesz) {}

    /** True when {@code file} is a regular file that starts with the ELF magic number; never throws. */
    public static boolean isElf(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return hasMagic(bytes(ch, 0, 4));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads {@code file} leniently: empty when it cannot be read, is not ELF, or is a malformed ELF
     * file. For callers that look at arbitrary files and treat those that are not ELF as data.
     */
    public static Optional<ElfFile> read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return parse(ch, file.toString());
        } catch (IOException | PierException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads {@code file} strictly, for callers that know it must be a usable ELF file.
     *
     * @throws PierException with one line starting with the file's name when it is not ELF or is
     *     truncated or malformed
     * @throws IOException when it cannot be read at all
     */
    public static ElfFile require(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return parse(ch, file.toString()).orElseThrow(() -> new PierException(file + ": not an ELF file"));
        }
    }

    /** Empty when {@code ch} does not start with the ELF magic (cheap: most files a lenient caller sees are not ELF). */
    private static Optional<ElfFile> parse(FileChannel ch, String what) throws IOException {
        ByteBuffer h = bytes(ch, 0, 64);
        if (!hasMagic(h)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parseElf(ch, h, what));
        } catch (IndexOutOfBoundsException | ArithmeticException | IllegalArgumentException e) {
            throw malformed(what);   // a field pointed outside the file or overflowed: one line, not a stack trace
        }
    }

    private static ElfFile parseElf(FileChannel ch, ByteBuffer h, String what) throws IOException {
        byte elfClass = h.get(4);
        byte data = h.get(5);
        if ((elfClass != 1 && elfClass != 2) || (data != 1 && data != 2)) {
            throw new PierException(what + ": unknown ELF class or byte order");
        }
        boolean is64 = elfClass == 2;
        ByteOrder order = data == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        h.order(order);
        if (h.limit() < (is64 ? 64 : 52)) {
            throw malformed(what);
        }
        int machine = Short.toUnsignedInt(h.getShort(18));
        long phoff = is64 ? h.getLong(32) : u32(h, 28);
        int phentsize = Short.toUnsignedInt(h.getShort(is64 ? 54 : 42));
        int phnum = Short.toUnsignedInt(h.getShort(is64 ? 56 : 44));
        int used = is64 ? 56 : 32;   // the bytes of a header we read; e_phentsize may only be larger
        if (phnum > MAX_HEADERS || (phnum > 0 && phentsize < used)) {
            throw malformed(what);
        }
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            ByteBuffer p = exactly(ch, Math.addExact(phoff, (long) i * phentsize), used, what).order(order);
            segments.add(is64 ? new Segment(p.getInt(0), p.getLong(8), p.getLong(16), p.getLong(32))
                    : new Segment(p.getInt(0), u32(p, 4), u32(p, 8), u32(p, 16)));
        }
        Optional<String> interp = Optional.empty();
        List<String> needed = new ArrayList<>();
        List<String> rpath = new ArrayList<>();
        List<String> runpath = new ArrayList<>();
        for (Segment s : segments) {
            if (s.type() == PT_INTERP && interp.isEmpty()) {
                interp = Optional.of(string(ch, s.offset(), Math.min(s.filesz(), MAX_STRING), what));
            } else if (s.type() == PT_DYNAMIC) {
                readDynamic(ch, order, is64, s, segments, what, needed, rpath, runpath);
                break;   // the loader uses the first PT_DYNAMIC only
            }
        }
        return new ElfFile(is64, machine, interp, needed, rpath, runpath);
    }

    private static void readDynamic(FileChannel ch, ByteOrder order, boolean is64, Segment dynamic, List<Segment> segments,
                                    String what, List<String> needed, List<String> rpath, List<String> runpath)
            throws IOException {
        int entry = is64 ? 16 : 8;
        if (dynamic.filesz() < 0) {
            throw malformed(what);
        }
        ByteBuffer d = exactly(ch, dynamic.offset(), (int) Math.min(dynamic.filesz(), MAX_DYNAMIC), what).order(order);
        List<long[]> strings = new ArrayList<>();   // {tag, offset in the string table}
        long strtab = -1;
        long strsz = -1;
        for (int at = 0; at + entry <= d.limit(); at += entry) {
            long tag = is64 ? d.getLong(at) : d.getInt(at);
            long val = is64 ? d.getLong(at + 8) : u32(d, at + 4);
            if (tag == 0) {
                break;
            } else if (tag == DT_STRTAB) {
                strtab = val;
            } else if (tag == DT_STRSZ) {
                strsz = val;
            } else if (tag == DT_NEEDED || tag == DT_RPATH || tag == DT_RUNPATH) {
                strings.add(new long[] {tag, val});
            }
        }
        if (strings.isEmpty()) {
            return;   // e.g. static-pie: a dynamic section for relocations only, whose string table we need not find
        }
        if (strtab == -1) {
            throw new PierException(what + ": dynamic section without a string table");
        }
        long strtabOffset = fileOffset(segments, strtab, what);
        for (long[] e : strings) {
            // The string must start inside DT_STRSZ when the file gives it, and end there too.
            long room = strsz < 0 ? MAX_STRING : strsz - e[1];
            if (e[1] < 0 || room <= 0) {
                throw malformed(what);
            }
            String s = string(ch, Math.addExact(strtabOffset, e[1]), Math.min(room, MAX_STRING), what);
            if (e[0] == DT_NEEDED) {
                needed.add(s);
            } else {
                (e[0] == DT_RPATH ? rpath : runpath).addAll(List.of(s.split(":")));
            }
        }
    }

    /** The file offset of virtual address {@code vaddr}, through the PT_LOAD segment that maps it. */
    private static long fileOffset(List<Segment> segments, long vaddr, String what) {
        for (Segment s : segments) {
            if (s.type() == PT_LOAD && vaddr >= s.vaddr() && vaddr - s.vaddr() < s.filesz()) {
                return Math.addExact(s.offset(), vaddr - s.vaddr());
            }
        }
        throw new PierException(what + ": string table address 0x" + Long.toHexString(vaddr) + " is in no loaded segment");
    }

    /** The NUL-terminated string at {@code offset}, which must end within {@code max} bytes and the file. */
    private static String string(FileChannel ch, long offset, long max, String what) throws IOException {
        ByteBuffer b = bytes(ch, offset, (int) max);
        for (int end = 0; end < b.limit(); end++) {
            if (b.get(end) == 0) {
                return new String(b.array(), 0, end, StandardCharsets.UTF_8);
            }
        }
        throw malformed(what);
    }

    private static boolean hasMagic(ByteBuffer b) {
        return b.limit() >= 4 && b.get(0) == 0x7f && b.get(1) == 'E' && b.get(2) == 'L' && b.get(3) == 'F';
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    /** {@code length} bytes at {@code offset}; a short read means the file is truncated. */
    private static ByteBuffer exactly(FileChannel ch, long offset, int length, String what) throws IOException {
        ByteBuffer b = bytes(ch, offset, length);
        if (b.limit() < length) {
            throw malformed(what);
        }
        return b;
    }

    /** Up to {@code length} bytes at {@code offset}, fewer at the end of the file; big-endian until ordered. */
    private static ByteBuffer bytes(FileChannel ch, long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset > Long.MAX_VALUE - length) {
            throw new IllegalArgumentException("offset " + offset + " length " + length);
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {
            // read until full or end of file
        }
        return b.flip();
    }

    private static PierException malformed(String what) {
        return new PierException(what + ": truncated or malformed ELF file");
    }
}
