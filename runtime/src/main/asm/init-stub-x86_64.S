/*
 * pier-runc's container init stub for x86-64 Linux: the process that becomes the container's
 * PID 1 when pier-runc prepares the container from a thread of its own JVM (see
 * dev.pier.runtime.init.StubLauncher). It runs no code of its own beyond this file and links
 * nothing: it reads a "syscall plan" that the JVM computed (every argument already known), makes
 * those system calls in order — waiting on exec.fifo, user and groups, capabilities, no_new_privs,
 * seccomp, working directory — and the last one, execve, replaces it with the container's program.
 *
 * It first waits for a go byte on fd 1022: for a container's init that is exec.fifo (open for
 * reading and writing, so that `pier-runc start` can write without blocking), and create finishes
 * writing the plan after it started this process; for `pier-runc exec` (ExecLauncher) it is a
 * pipe, written once the stub is in the container's cgroups, and the plan (in a memfd) opens
 * with setns calls on the namespace descriptors it inherited. Then it reads the plan.
 *
 * Plan (read from fd 1023 into a 1 MiB buffer, little-endian 64-bit words):
 *   nrel, rel[nrel]      byte offsets of words in the plan to which the buffer's address is added
 *   nops, op[nops]       9 words each: number, 6 arguments, message, message length
 * A call that fails writes its message and the errno in decimal to stderr and exits 127; a call
 * whose message is 0 may fail. Running out of calls exits 127 too (the last call is execve).
 *
 * Build: as --64 -o stub.o init-stub-x86_64.S && ld -static -nostdlib -N -s --build-id=none -o stub stub.o
 * The bytes are in dev.pier.runtime.init.InitStub; InitStubTest assembles this file when `as` is
 * present and checks that they match.
 */
        .set FIFO_FD, 1022
        .set PLAN_FD, 1023
        .set BUFSIZE, 1048576

        .globl _start
        .text
_start:
        xor     %eax, %eax              /* read(FIFO_FD, digits, 1): wait for start */
        mov     $FIFO_FD, %edi
        lea     digits(%rip), %rsi
        mov     $1, %edx
        syscall
        cmp     $1, %rax
        jne     bad_plan
        mov     $3, %eax                /* close(FIFO_FD) */
        mov     $FIFO_FD, %edi
        syscall
        xor     %eax, %eax              /* read(PLAN_FD, buf, BUFSIZE) */
        mov     $PLAN_FD, %edi
        lea     buf(%rip), %rsi
        mov     $BUFSIZE, %edx
        syscall
        test    %rax, %rax
        jle     bad_plan
        mov     $3, %eax                /* close(PLAN_FD) */
        mov     $PLAN_FD, %edi
        syscall
        lea     buf(%rip), %rbx
        mov     (%rbx), %rcx            /* relocations */
        lea     8(%rbx), %rsi
reloc:
        test    %rcx, %rcx
        jz      calls
        mov     (%rsi), %rax
        add     %rbx, (%rbx,%rax)
        add     $8, %rsi
        dec     %rcx
        jmp     reloc
calls:
        mov     (%rsi), %r12            /* number of calls */
        lea     8(%rsi), %r13
next:
        test    %r12, %r12
        jz      out_of_calls
        mov     (%r13), %rax
        mov     8(%r13), %rdi
        mov     16(%r13), %rsi
        mov     24(%r13), %rdx
        mov     32(%r13), %r10
        mov     40(%r13), %r8
        mov     48(%r13), %r9
        syscall
        cmp     $-4095, %rax
        jae     failed
advance:
        add     $72, %r13
        dec     %r12
        jmp     next
failed:
        cmpq    $0, 56(%r13)
        je      advance                 /* allowed to fail */
        neg     %rax
        mov     %rax, %r14
        mov     $1, %eax                /* write(2, message, length) */
        mov     $2, %edi
        mov     56(%r13), %rsi
        mov     64(%r13), %rdx
        syscall
        lea     digits+31(%rip), %rsi   /* errno in decimal, then a newline */
        movb    $10, (%rsi)
        mov     %rsi, %r15
        mov     %r14, %rax
        mov     $10, %ecx
digit:
        xor     %edx, %edx
        div     %rcx
        add     $48, %dl
        dec     %rsi
        mov     %dl, (%rsi)
        test    %rax, %rax
        jnz     digit
        mov     %r15, %rdx
        sub     %rsi, %rdx
        inc     %rdx
        mov     $1, %eax
        mov     $2, %edi
        syscall
out_of_calls:
        mov     $127, %edi
        jmp     exit
bad_plan:
        mov     $125, %edi
exit:
        mov     $231, %eax              /* exit_group */
        syscall
        hlt

        .lcomm  digits, 32
        .lcomm  buf, BUFSIZE
