package dev.pier.image.remote.http;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Gives blocking channel reads the timeout that {@link SocketChannel} lacks: one daemon thread
 * looks at the reads under way four times a second and closes the channel of a read that has
 * waited longer than its timeout; the reader then gets a {@link SocketTimeoutException}. A read
 * costs a clock reading and two volatile writes; the thread runs only while some connection that
 * read a body this way is open, and sleeps otherwise.
 */
final class ReadWatchdog {
    private static final long INTERVAL_MILLIS = 250;
    private static final Set<Read> WATCHED = ConcurrentHashMap.newKeySet();
    private static final Object LOCK = new Object();
    private static Thread thread;

    private ReadWatchdog() {}

    /** The channel reads of one connection. */
    static final class Read {
        private final SocketChannel channel;
        private volatile long timeoutNanos = TimeUnit.MINUTES.toNanos(10);
        /** When the read under way started waiting; 0 when none is. */
        private volatile long since;
        private volatile boolean timedOut;
        private boolean watched;

        Read(SocketChannel channel) {
            this.channel = channel;
        }

        void timeout(Duration timeout) {
            timeoutNanos = timeout.toNanos();
        }

        /** One read of the channel into {@code dst}, bounded by the timeout. */
        int read(ByteBuffer dst) throws IOException {
            if (!watched) {
                watched = true;
                watch(this);
            }
            since = System.nanoTime() | 1; // never 0, which means "not reading"
            try {
                return channel.read(dst);
            } catch (AsynchronousCloseException e) {
                if (!timedOut) {
                    throw e;
                }
                var timeout = new SocketTimeoutException("read timed out after "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                timeout.initCause(e);
                throw timeout;
            } finally {
                since = 0;
            }
        }

        /** The connection is closing: nothing more to watch. */
        void forget() {
            WATCHED.remove(this);
        }

        private void expireIfLate(long now) {
            long started = since;
            if (started != 0 && now - started > timeoutNanos) {
                timedOut = true;
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the reader fails either way
                }
                WATCHED.remove(this);
            }
        }
    }

    private static void watch(Read read) {
        WATCHED.add(read);
        synchronized (LOCK) {
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("http-read-watchdog").start(ReadWatchdog::run);
            }
            LOCK.notifyAll();
        }
    }

    private static void run() {
        while (true) {
            try {
                synchronized (LOCK) {
                    while (WATCHED.isEmpty()) {
                        LOCK.wait();
                    }
                }
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return; // nothing interrupts it; should something, its reads go unbounded as before
            }
            long now = System.nanoTime();
            WATCHED.forEach(read -> read.expireIfLate(now));
        }
    }
}
