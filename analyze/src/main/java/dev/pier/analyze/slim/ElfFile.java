package dev.pier.analyze.slim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the dynamic loader needs of an ELF file, read from its program headers: the interpreter
 * ({@code PT_INTERP}) and, from the dynamic section ({@code PT_DYNAMIC}), the libraries it needs
 * ({@code DT_NEEDED}) and where to look for them ({@code DT_RPATH}, {@code DT_RUNPATH}). The file
 * comes from an image, so every offset is checked against the file's size; a malformed file reads
 * as not ELF.
 *
 * @param is64 whether it is ELFCLASS64
 * @param machine {@code e_machine}
 * @param interpreter the program interpreter, for dynamically linked executables
 * @param needed the DT_NEEDED names, in order
 * @param rpath DT_RPATH, split at colons
 * @param runpath DT_RUNPATH, split at colons
 */
public record ElfFile(boolean is64, int machine, Optional<String> interpreter, List<String> needed, List<String> rpath,
                      List<String> runpath) {
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;
    private static final int MAX_HEADERS = 4096;
    private static final int MAX_STRING = 4096;

    public ElfFile {
        needed = List.copyOf(needed);
        rpath = List.copyOf(rpath);
        runpath = List.copyOf(runpath);
    }

    /** A program header: type, file offset, virtual address, size in the file. */
    private record Segment(long type, long offset, long vaddr, long filesz) {}

    /** Reads {@code file}; empty when it is not a readable ELF file. */
    public static Optional<ElfFile> read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ch);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();   // unreadable or malformed: treated as data, not an ELF dependency source
        }
    }

    private static Optional<ElfFile> read(FileChannel ch) throws IOException {
        ByteBuffer ident = bytes(ch, 0, 64);
        if (ident.limit() < 52 || ident.getInt(0) != 0x7f454c46 || (ident.get(4) != 1 && ident.get(4) != 2)) {
            return Optional.empty();
        }
        boolean is64 = ident.get(4) == 2;
        ByteOrder order = ident.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer h = ident.order(order);
        int machine = Short.toUnsignedInt(h.getShort(18));
        long phoff = is64 ? h.getLong(32) : Integer.toUnsignedLong(h.getInt(28));
        int phentsize = Short.toUnsignedInt(h.getShort(is64 ? 54 : 42));
        int phnum = Short.toUnsignedInt(h.getShort(is64 ? 56 : 44));
        if (phnum > MAX_HEADERS || phentsize < (is64 ? 56 : 32)) {
            return Optional.empty();
        }
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            ByteBuffer p = bytes(ch, phoff + (long) i * phentsize, phentsize).order(order);
            if (p.limit() < phentsize) {
                return Optional.empty();
            }
            segments.add(is64 ? new Segment(p.getInt(0), p.getLong(8), p.getLong(16), p.getLong(32))
                    : new Segment(p.getInt(0), u32(p, 4), u32(p, 8), u32(p, 16)));
        }
        Optional<String> interp = segments.stream().filter(s -> s.type() == PT_INTERP).findFirst()
                .map(s -> string(ch, s.offset(), Math.min(s.filesz(), MAX_STRING)));
        List<String> needed = new ArrayList<>();
        List<String> rpath = new ArrayList<>();
        List<String> runpath = new ArrayList<>();
        Optional<Segment> dynamic = segments.stream().filter(s -> s.type() == PT_DYNAMIC).findFirst();
        if (dynamic.isPresent()) {
            readDynamic(ch, order, is64, dynamic.get(), segments, needed, rpath, runpath);
        }
        return Optional.of(new ElfFile(is64, machine, interp, needed, rpath, runpath));
    }

    private static void readDynamic(FileChannel ch, ByteOrder order, boolean is64, Segment dynamic, List<Segment> segments,
                                    List<String> needed, List<String> rpath, List<String> runpath) throws IOException {
        int entry = is64 ? 16 : 8;
        ByteBuffer d = bytes(ch, dynamic.offset(), (int) Math.min(dynamic.filesz(), 1 << 20)).order(order);
        List<long[]> entries = new ArrayList<>();
        long strtab = -1;
        for (int at = 0; at + entry <= d.limit(); at += entry) {
            long tag = is64 ? d.getLong(at) : d.getInt(at);
            long val = is64 ? d.getLong(at + 8) : u32(d, at + 4);
            if (tag == 0) {
                break;
            }
            if (tag == DT_STRTAB) {
                strtab = val;
            }
            entries.add(new long[] {tag, val});
        }
        long strtabOffset = fileOffset(segments, strtab);
        if (strtabOffset < 0) {
            return;
        }
        for (long[] e : entries) {
            if (e[0] == DT_NEEDED || e[0] == DT_RPATH || e[0] == DT_RUNPATH) {
                String s = string(ch, strtabOffset + e[1], MAX_STRING);
                if (e[0] == DT_NEEDED) {
                    needed.add(s);
                } else {
                    (e[0] == DT_RPATH ? rpath : runpath).addAll(List.of(s.split(":")));
                }
            }
        }
    }

    /** The file offset of virtual address {@code vaddr}, through the PT_LOAD segment that maps it; -1 if none does. */
    private static long fileOffset(List<Segment> segments, long vaddr) {
        for (Segment s : segments) {
            if (s.type() == PT_LOAD && vaddr >= s.vaddr() && vaddr - s.vaddr() < s.filesz()) {
                return s.offset() + (vaddr - s.vaddr());
            }
        }
        return -1;
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    private static ByteBuffer bytes(FileChannel ch, long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IOException("bad offset");
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {
            // read until full or end of file
        }
        return b.flip();
    }

    private static String string(FileChannel ch, long offset, long max) {
        try {
            ByteBuffer b = bytes(ch, offset, (int) max);
            int end = 0;
            while (end < b.limit() && b.get(end) != 0) {
                end++;
            }
            return new String(b.array(), 0, end, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
