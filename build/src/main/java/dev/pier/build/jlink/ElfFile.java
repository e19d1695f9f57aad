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
 * What the dynamic loader reads from an ELF64 little-endian file: the program interpreter
 * ({@code PT_INTERP}), the needed libraries ({@code DT_NEEDED}) and the search path
 * ({@code DT_RUNPATH}, or the older {@code DT_RPATH}).
 *
 * @param interpreter the dynamic loader's path, for executables
 * @param needed sonames of the needed libraries, in order
 * @param runpath the library search path entries ({@code $ORIGIN} not expanded)
 */
public record ElfFile(Optional<String> interpreter, List<String> needed, List<String> runpath) {
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_STRSZ = 10;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;
    private static final long MAX_SIZE = 1L << 31;

    public ElfFile {
        needed = List.copyOf(needed);
        runpath = List.copyOf(runpath);
    }

    /** True when the file starts with the ELF magic number. */
    public static boolean isElf(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (var in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads {@code file}; fails with one line when it is not a little-endian ELF64 file. */
    public static ElfFile read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > MAX_SIZE) {
                throw new PierException(file + ": ELF file too large to read");
            }
            ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
            return parse(b, file.toString());
        }
    }

    static ElfFile parse(ByteBuffer b, String what) {
        try {
            if (b.limit() < 64 || b.getInt(0) != 0x464c457f) {
                throw new PierException(what + ": not an ELF file");
            }
            if (b.get(4) != 2 || b.get(5) != 1) {
                throw new PierException(what + ": only 64-bit little-endian ELF files are supported");
            }
            long phoff = b.getLong(0x20);
            int phentsize = Short.toUnsignedInt(b.getShort(0x36));
            int phnum = Short.toUnsignedInt(b.getShort(0x38));
            List<long[]> loads = new ArrayList<>(); // {vaddr, offset, filesz}
            String interp = null;
            long dynOff = -1;
            long dynSize = 0;
            for (int i = 0; i < phnum; i++) {
                int ph = Math.toIntExact(phoff + (long) i * phentsize);
                int type = b.getInt(ph);
                long offset = b.getLong(ph + 8);
                long vaddr = b.getLong(ph + 16);
                long filesz = b.getLong(ph + 32);
                switch (type) {
                    case PT_LOAD -> loads.add(new long[] {vaddr, offset, filesz});
                    case PT_INTERP -> interp = cString(b, Math.toIntExact(offset), Math.toIntExact(offset + filesz));
                    case PT_DYNAMIC -> {
                        dynOff = offset;
                        dynSize = filesz;
                    }
                    default -> { }
                }
            }
            if (dynOff < 0) {
                return new ElfFile(Optional.ofNullable(interp), List.of(), List.of());
            }
            List<Long> neededOffsets = new ArrayList<>();
            long strtab = -1;
            long strsz = 0;
            long runpathOff = -1;
            long rpathOff = -1;
            for (long p = dynOff; p + 16 <= dynOff + dynSize; p += 16) {
                long tag = b.getLong(Math.toIntExact(p));
                long val = b.getLong(Math.toIntExact(p + 8));
                if (tag == 0) {
                    break;
                } else if (tag == DT_NEEDED) {
                    neededOffsets.add(val);
                } else if (tag == DT_STRTAB) {
                    strtab = val;
                } else if (tag == DT_STRSZ) {
                    strsz = val;
                } else if (tag == DT_RUNPATH) {
                    runpathOff = val;
                } else if (tag == DT_RPATH) {
                    rpathOff = val;
                }
            }
            if (strtab < 0) {
                throw new PierException(what + ": dynamic section without a string table");
            }
            int strStart = Math.toIntExact(toOffset(loads, strtab, what));
            int strEnd = Math.toIntExact(Math.min(b.limit(), strStart + strsz));
            List<String> needed = new ArrayList<>();
            for (long off : neededOffsets) {
                needed.add(cString(b, Math.toIntExact(strStart + off), strEnd));
            }
            long pathOff = runpathOff >= 0 ? runpathOff : rpathOff;
            List<String> runpath = pathOff < 0 ? List.of()
                    : List.of(cString(b, Math.toIntExact(strStart + pathOff), strEnd).split(":"));
            return new ElfFile(Optional.ofNullable(interp), needed, runpath);
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            throw new PierException(what + ": truncated or malformed ELF file");
        }
    }

    private static long toOffset(List<long[]> loads, long vaddr, String what) {
        for (long[] l : loads) {
            if (vaddr >= l[0] && vaddr < l[0] + l[2]) {
                return vaddr - l[0] + l[1];
            }
        }
        throw new PierException(what + ": address 0x" + Long.toHexString(vaddr) + " is in no loaded segment");
    }

    private static String cString(ByteBuffer b, int start, int limit) {
        if (start < 0 || start >= limit || limit > b.limit()) {
            throw new IndexOutOfBoundsException(start);
        }
        int end = start;
        while (end < limit && b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        b.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
