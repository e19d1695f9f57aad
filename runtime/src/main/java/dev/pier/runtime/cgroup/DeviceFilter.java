package dev.pier.runtime.cgroup;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.LinuxDeviceCgroup;
import dev.pier.runtime.sys.Flags;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Device rules on cgroup v2, where the kernel asks for an eBPF program of type
 * BPF_PROG_TYPE_CGROUP_DEVICE attached to the cgroup (there is no devices.allow): this class
 * compiles the rules into one and attaches it with bpf(2). The program looks at the rules from
 * the last to the first (a later rule overrides an earlier one) and returns the first match's
 * verdict; a device no rule matches is allowed, as a new v1 cgroup allows what its parent does.
 * A request matches an allow rule when the rule grants every access asked for, a deny rule when
 * it refuses any of them.
 */
public final class DeviceFilter {
    private static final long SYS_BPF = 321;   // x86-64, like the rest of the runtime's raw calls
    private static final int BPF_PROG_LOAD = 5;
    private static final int LOG_SIZE = 4096;
    private static final int BPF_PROG_ATTACH = 8;
    private static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    private static final int BPF_CGROUP_DEVICE = 6;
    private static final int BPF_F_ALLOW_MULTI = 2;
    private static final int DEV_BLOCK = 1;
    private static final int DEV_CHAR = 2;
    private static final int ACC_MKNOD = 1;
    private static final int ACC_READ = 2;
    private static final int ACC_WRITE = 4;

    private DeviceFilter() {}

    /** Compiles {@code rules}, loads the program and attaches it to the v2 cgroup {@code dir}. */
    public static void attach(Path dir, List<LinuxDeviceCgroup> rules) {
        byte[] program = compile(rules);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment insns = a.allocate(program.length, 8);
            insns.copyFrom(MemorySegment.ofArray(program));
            MemorySegment license = a.allocateFrom("Apache-2.0");
            MemorySegment attr = a.allocate(128, 8);   // union bpf_attr, the rest zero
            attr.set(ValueLayout.JAVA_INT, 0, BPF_PROG_TYPE_CGROUP_DEVICE);
            attr.set(ValueLayout.JAVA_INT, 4, program.length / 8);
            attr.set(ValueLayout.JAVA_LONG, 8, insns.address());
            attr.set(ValueLayout.JAVA_LONG, 16, license.address());
            MemorySegment log = a.allocate(LOG_SIZE);
            attr.set(ValueLayout.JAVA_INT, 24, 1);   // log_level: the verifier says why it refuses
            attr.set(ValueLayout.JAVA_INT, 28, LOG_SIZE);
            attr.set(ValueLayout.JAVA_LONG, 32, log.address());
            int prog;
            try {
                prog = (int) Libc.syscall("bpf(BPF_PROG_LOAD) of the device rules", SYS_BPF, BPF_PROG_LOAD, attr.address(), 128, 0, 0, 0);
            } catch (SysException e) {
                String verifier = log.getString(0).strip().replace('\n', ' ');
                throw new RuntimeError("cannot load the devices cgroup's eBPF program: " + e.getMessage()
                        + (verifier.isEmpty() ? "" : " (verifier: " + verifier + ")"), e);
            }
            int cgroup = Libc.open(dir.toString(), Flags.O_RDONLY | Flags.O_CLOEXEC | 0200000 /* O_DIRECTORY */, 0);
            try {
                attr.fill((byte) 0);
                attr.set(ValueLayout.JAVA_INT, 0, cgroup);
                attr.set(ValueLayout.JAVA_INT, 4, prog);
                attr.set(ValueLayout.JAVA_INT, 8, BPF_CGROUP_DEVICE);
                attr.set(ValueLayout.JAVA_INT, 12, BPF_F_ALLOW_MULTI);
                Libc.syscall("bpf(BPF_PROG_ATTACH) to " + dir, SYS_BPF, BPF_PROG_ATTACH, attr.address(), 128, 0, 0, 0);
            } catch (SysException e) {
                throw new RuntimeError("cannot attach the device rules to " + dir + ": " + e.getMessage(), e);
            } finally {
                Libc.close(cgroup);
                Libc.close(prog);   // the attachment holds the program
            }
        }
    }

    /**
     * The program's instructions (struct bpf_insn, 8 bytes each). The context is struct
     * bpf_cgroup_dev_ctx: access_type (device type in the low 16 bits, access in the high ones),
     * major, minor.
     */
    static byte[] compile(List<LinuxDeviceCgroup> rules) {
        Instructions p = new Instructions();
        p.loadWord(2, 0).and(2, 0xffff);      // r2 = type
        p.loadWord(3, 0).rightShift(3, 16);   // r3 = access
        p.loadWord(4, 4);                     // r4 = major
        p.loadWord(5, 8);                     // r5 = minor
        for (LinuxDeviceCgroup rule : rules.reversed()) {
            Instructions block = new Instructions();
            String type = rule.type() == null || rule.type().isEmpty() ? "a" : rule.type();
            int mask = access(rule.access());
            if (!type.equals("a")) {
                block.jumpIfNotEqual(2, switch (type) {
                    case "c" -> DEV_CHAR;
                    case "b" -> DEV_BLOCK;
                    default -> throw new RuntimeError("invalid device rule type " + type + " (a, b or c)");
                });
            }
            if (mask != (ACC_MKNOD | ACC_READ | ACC_WRITE)) {
                block.move(6, 3).and(6, rule.allow() ? ~mask & 7 : mask);
                if (rule.allow()) {
                    block.jumpIfNotEqual(6, 0);   // something asked for that the rule does not grant
                } else {
                    block.jumpIfEqual(6, 0);      // nothing asked for that the rule refuses
                }
            }
            if (type.equals("a") || rule.major() == null || rule.major() < 0) {
                // any major
            } else {
                block.jumpIfNotEqual(4, Math.toIntExact(rule.major()));
            }
            if (!type.equals("a") && rule.minor() != null && rule.minor() >= 0) {
                block.jumpIfNotEqual(5, Math.toIntExact(rule.minor()));
            }
            block.moveImmediate(0, rule.allow() ? 1 : 0).exit();
            p.append(block.resolveJumpsToEnd());
            if (block.jumpsToEnd.isEmpty()) {
                return p.bytes();   // the rule matches every device: earlier ones never count (nor may the verifier see dead code)
            }
        }
        p.moveImmediate(0, 1).exit();
        return p.bytes();
    }

    private static int access(String access) {
        if (access == null || access.isEmpty()) {
            return ACC_MKNOD | ACC_READ | ACC_WRITE;
        }
        int mask = 0;
        for (char c : access.toCharArray()) {
            mask |= switch (c) {
                case 'm' -> ACC_MKNOD;
                case 'r' -> ACC_READ;
                case 'w' -> ACC_WRITE;
                default -> throw new RuntimeError("invalid device rule access " + access + " (r, w, m)");
            };
        }
        return mask;
    }

    /** eBPF instructions being written; a conditional jump's target is first the end of the block. */
    private static final class Instructions {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private final java.util.List<Integer> jumpsToEnd = new java.util.ArrayList<>();

        Instructions loadWord(int dst, int offset) {   // BPF_LDX | BPF_MEM | BPF_W from r1
            return insn(0x61, dst, 1, offset, 0);
        }

        Instructions and(int dst, int imm) {           // BPF_ALU64 | BPF_AND | BPF_K
            return insn(0x57, dst, 0, 0, imm);
        }

        Instructions rightShift(int dst, int imm) {    // BPF_ALU64 | BPF_RSH | BPF_K
            return insn(0x77, dst, 0, 0, imm);
        }

        Instructions move(int dst, int src) {          // BPF_ALU64 | BPF_MOV | BPF_X
            return insn(0xbf, dst, src, 0, 0);
        }

        Instructions moveImmediate(int dst, int imm) { // BPF_ALU64 | BPF_MOV | BPF_K
            return insn(0xb7, dst, 0, 0, imm);
        }

        Instructions jumpIfNotEqual(int dst, int imm) { // BPF_JMP | BPF_JNE | BPF_K, to the end of the block
            jumpsToEnd.add(out.size() / 8);
            return insn(0x55, dst, 0, 0, imm);
        }

        Instructions jumpIfEqual(int dst, int imm) {   // BPF_JMP | BPF_JEQ | BPF_K, to the end of the block
            jumpsToEnd.add(out.size() / 8);
            return insn(0x15, dst, 0, 0, imm);
        }

        Instructions exit() {
            return insn(0x95, 0, 0, 0, 0);
        }

        /** The block's bytes with each jump's offset set to the instruction after the block. */
        byte[] resolveJumpsToEnd() {
            byte[] b = out.toByteArray();
            int count = b.length / 8;
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            for (int i : jumpsToEnd) {
                buf.putShort(i * 8 + 2, (short) (count - i - 1));
            }
            return b;
        }

        void append(byte[] block) {
            out.writeBytes(block);
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private Instructions insn(int opcode, int dst, int src, int offset, int imm) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            b.put((byte) opcode).put((byte) ((src << 4) | dst)).putShort((short) offset).putInt(imm);
            out.writeBytes(b.array());
            return this;
        }
    }
}
