package dev.pier.build.jlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small synthetic ELF files for tests: one PT_LOAD mapping the whole file, then an optional
 * PT_INTERP and PT_DYNAMIC. The host only has little-endian x86-64 binaries, so this is how the
 * 32-bit, big-endian, RUNPATH and hostile cases get exercised. The fields that tests corrupt are
 * plain mutable fields.
 */
final class ElfImage {
    static final long BASE = 0x400000;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_STRSZ = 10;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;

    final boolean is64;
    final ByteOrder order;
    int machine = 62;
    String interpreter;
    boolean terminateInterpreter = true;
    boolean dynamic;
    final List<String> needed = new ArrayList<>();
    String rpath;
    String runpath;
    /** When set, DT_STRTAB holds this address instead of the string table's. */
    Long strtabAddress;
    /** When set, DT_STRSZ holds this instead of the string table's size. */
    Long strsz;
    /** When set, PT_DYNAMIC's p_filesz holds this instead of the dynamic section's size. */
    Long dynamicSize;
    /** When set, e_phnum holds this instead of the number of headers written. */
    Integer phnum;

    ElfImage(boolean is64, ByteOrder order) {
        this.is64 = is64;
        this.order = order;
    }

    byte[] bytes() {
        int hsize = is64 ? 64 : 52;
        int phsize = is64 ? 56 : 32;
        boolean hasDynamic = dynamic || !needed.isEmpty() || rpath != null || runpath != null;
        int headers = 1 + (interpreter != null ? 1 : 0) + (hasDynamic ? 1 : 0);
        byte[] interp = interpreter == null ? new byte[0]
                : (interpreter + (terminateInterpreter ? "\0" : "")).getBytes(StandardCharsets.UTF_8);
        int interpOff = hsize + headers * phsize;

        StringBuilder strtab = new StringBuilder("\0");
        List<long[]> entries = new ArrayList<>();
        for (String n : needed) {
            entries.add(new long[] {DT_NEEDED, strtab.length()});
            strtab.append(n).append('\0');
        }
        if (rpath != null) {
            entries.add(new long[] {DT_RPATH, strtab.length()});
            strtab.append(rpath).append('\0');
        }
        if (runpath != null) {
            entries.add(new long[] {DT_RUNPATH, strtab.length()});
            strtab.append(runpath).append('\0');
        }
        byte[] str = strtab.toString().getBytes(StandardCharsets.UTF_8);
        int strOff = interpOff + interp.length;
        entries.add(new long[] {DT_STRTAB, strtabAddress != null ? strtabAddress : BASE + strOff});
        entries.add(new long[] {DT_STRSZ, strsz != null ? strsz : str.length});
        entries.add(new long[] {0, 0});
        int entrySize = is64 ? 16 : 8;
        int dynOff = (strOff + str.length + 7) & ~7;
        int total = dynOff + (hasDynamic ? entries.size() * entrySize : 0);

        ByteBuffer b = ByteBuffer.allocate(total).order(order);
        b.put(0, new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (order == ByteOrder.BIG_ENDIAN ? 2 : 1), 1});
        b.putShort(16, (short) 2);
        b.putShort(18, (short) machine);
        b.putInt(20, 1);
        word(b, is64 ? 32 : 28, hsize);
        b.putShort(is64 ? 52 : 40, (short) hsize);
        b.putShort(is64 ? 54 : 42, (short) phsize);
        b.putShort(is64 ? 56 : 44, (short) (phnum != null ? phnum : headers));
        int ph = hsize;
        segment(b, ph, 1, 0, total);
        if (interpreter != null) {
            segment(b, ph += phsize, 3, interpOff, interp.length);
            b.put(interpOff, interp);
        }
        b.put(strOff, str);
        if (hasDynamic) {
            segment(b, ph += phsize, 2, dynOff, dynamicSize != null ? dynamicSize : entries.size() * entrySize);
            int at = dynOff;
            for (long[] e : entries) {
                word(b, at, e[0]);
                word(b, at + entrySize / 2, e[1]);
                at += entrySize;
            }
        }
        return b.array();
    }

    private void segment(ByteBuffer b, int at, int type, long offset, long size) {
        b.putInt(at, type);
        word(b, at + (is64 ? 8 : 4), offset);
        word(b, at + (is64 ? 16 : 8), BASE + offset);
        word(b, at + (is64 ? 32 : 16), size);
        word(b, at + (is64 ? 40 : 20), size);
    }

    private void word(ByteBuffer b, int at, long value) {
        if (is64) {
            b.putLong(at, value);
        } else {
            b.putInt(at, (int) value);
        }
    }
}
