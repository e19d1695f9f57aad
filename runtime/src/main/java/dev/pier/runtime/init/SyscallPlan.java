package dev.pier.runtime.init;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.sys.Errno;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.SysException;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The last system calls before the container's program: a list of raw Linux system calls (x86-64
 * numbers, as the rest of the runtime's {@code syscall()} uses) whose arguments are all computed
 * in advance. The same plan is carried out either by the {@link InitStub} (no JVM in the
 * container's init) or by {@link #execute()} in a JVM init; either way it ends in execve.
 *
 * <p>Encoding (little-endian 64-bit words, see the stub's source): the number of relocations,
 * their byte offsets (words to which the plan's address in memory is added), the number of
 * calls, then 9 words per call (number, six arguments, message address, message length), then
 * the data the pointers lead to.
 *
 * <p>A call's arguments cannot depend on an earlier call's result, so descriptors are opened
 * before the stub starts and handed to it at known numbers: exec's plan opens with
 * {@code setns(1010 + i, type)} for each namespace it joins (see {@link ExecLauncher}).
 */
public final class SyscallPlan {
    static final long READ = 0, WRITE = 1, CLOSE = 3, RT_SIGPROCMASK = 14, IOCTL = 16, EXECVE = 59, CHDIR = 80, UMASK = 95,
            SETSID = 112, SETGROUPS = 116, SETRESUID = 117, SETRESGID = 119, CAPSET = 126, PRCTL = 157, UNSHARE = 272,
            PRLIMIT64 = 302, SETNS = 308, SECCOMP = 317, CLOSE_RANGE = 436;

    /** An argument that is the address of data in the plan (an offset in {@link #data} until encoded). */
    public record Ref(int offset) {}

    private record Call(long number, Object[] args, Ref message, int messageLength) {}

    private final List<Call> calls = new ArrayList<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final List<Integer> dataPointers = new ArrayList<>();

    /** Adds a call that must succeed; {@code what} names it in the error message. Arguments are {@code Long}, {@code Integer} or {@link Ref}. */
    public SyscallPlan call(String what, long number, Object... args) {
        byte[] message = ("pier-runc: " + what + ": errno ").getBytes(StandardCharsets.UTF_8);
        calls.add(new Call(number, pad(args), bytes(message), message.length));
        return this;
    }

    /** Adds a call whose failure is ignored. */
    public SyscallPlan mayFail(long number, Object... args) {
        calls.add(new Call(number, pad(args), null, 0));
        return this;
    }

    /** A NUL-terminated string in the plan. */
    public Ref string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return bytes(z);
    }

    /** A NULL-terminated array of strings (argv, envp). */
    public Ref strings(List<String> list) {
        List<Ref> refs = list.stream().map(this::string).toList();
        List<Object> words = new ArrayList<>(refs);
        words.add(0L);
        return words(words.toArray());
    }

    /** 64-bit words, each a {@code Long} or a {@link Ref}, aligned to 8 bytes. */
    public Ref words(Object... words) {
        align();
        int start = data.size();
        for (Object w : words) {
            if (w instanceof Ref r) {
                dataPointers.add(data.size());
                put(r.offset());
            } else {
                put(((Number) w).longValue());
            }
        }
        return new Ref(start);
    }

    /** Raw bytes, aligned to 8 bytes. */
    public Ref bytes(byte[] b) {
        align();
        int start = data.size();
        data.writeBytes(b);
        return new Ref(start);
    }

    /** The plan as the stub reads it, refused when it exceeds the stub's buffer ({@link InitStub#MAX_PLAN}). */
    byte[] encodeForStub() {
        byte[] plan = encode();
        if (plan.length > InitStub.MAX_PLAN) {
            throw new RuntimeError("the process's arguments and environment are too large: " + plan.length
                    + " bytes with the rest of its settings, at most " + InitStub.MAX_PLAN);
        }
        return plan;
    }

    /** The plan as the stub reads it. */
    public byte[] encode() {
        List<Long> relocations = new ArrayList<>();   // as offsets within the calls, fixed below
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            for (int a = 0; a < 6; a++) {
                if (c.args()[a] instanceof Ref) {
                    relocations.add(i * 72L + 8 + 8L * a);
                }
            }
            if (c.message() != null) {   // a message word of 0 (may fail) must stay 0
                relocations.add(i * 72L + 56);
            }
        }
        long callsAt = 8L * (2 + relocations.size() + dataPointers.size());
        long dataStart = callsAt + 72L * calls.size();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(dataStart + data.size())).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(relocations.size() + dataPointers.size());
        relocations.forEach(r -> out.putLong(callsAt + r));
        dataPointers.forEach(p -> out.putLong(dataStart + p));
        out.putLong(calls.size());
        for (Call c : calls) {
            out.putLong(c.number());
            for (Object a : c.args()) {
                out.putLong(a instanceof Ref r ? dataStart + r.offset() : ((Number) a).longValue());
            }
            out.putLong(c.message() == null ? 0 : dataStart + c.message().offset());
            out.putLong(c.messageLength());
        }
        ByteBuffer d = ByteBuffer.wrap(data.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        for (int p : dataPointers) {
            d.putLong(p, dataStart + d.getLong(p));
        }
        out.put(d);
        return out.array();
    }

    /**
     * Carries the plan out in the calling thread, as the stub would: for an init that is a JVM.
     * Returns only if it ran out of calls; throws {@link RuntimeError} naming the call that failed.
     */
    public void execute() {
        byte[] plan = encode();
        MemorySegment m = Arena.global().allocate(plan.length, 8);   // execve replaces the process: nothing to free
        m.copyFrom(MemorySegment.ofArray(plan));
        long base = m.address();
        long relocations = m.get(JAVA_LONG, 0);
        for (long i = 1; i <= relocations; i++) {
            long at = m.get(JAVA_LONG, 8 * i);
            m.set(JAVA_LONG, at, m.get(JAVA_LONG, at) + base);
        }
        long callsAt = 8 * (relocations + 2);
        for (int i = 0; i < calls.size(); i++) {
            long[] w = new long[9];
            for (int k = 0; k < 9; k++) {
                w[k] = m.get(JAVA_LONG, callsAt + 72L * i + 8L * k);
            }
            try {
                Libc.syscall("system call " + w[0], w[0], w[1], w[2], w[3], w[4], w[5], w[6]);
            } catch (SysException e) {
                if (w[7] != 0) {
                    String message = new String(MemorySegment.ofAddress(w[7]).reinterpret(w[8]).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
                    throw new RuntimeError(message.replaceFirst("^pier-runc: ", "").replaceFirst(": errno $", "") + ": " + Errno.describe(e.errno()));
                }
            }
        }
    }

    private static Object[] pad(Object[] args) {
        if (args.length > 6) {
            throw new IllegalArgumentException("a system call takes at most 6 arguments");
        }
        Object[] six = new Object[6];
        for (int i = 0; i < 6; i++) {
            six[i] = i < args.length ? args[i] : 0L;
        }
        return six;
    }

    private void align() {
        while (data.size() % 8 != 0) {
            data.write(0);
        }
    }

    private void put(long v) {
        for (int i = 0; i < 8; i++) {
            data.write((int) (v >>> (8 * i)));
        }
    }
}
