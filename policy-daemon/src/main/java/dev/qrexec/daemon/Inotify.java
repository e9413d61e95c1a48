package dev.qrexec.daemon;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Linux inotify through the FFM API: unlike Java's watch service it tells when a
 * writer closes a file ({@code IN_CLOSE_WRITE}), so that a file rewritten in place is
 * read once it is whole instead of at its first modification. One instance is one
 * inotify descriptor; {@link #next} waits for events a tenth of a second at a time, so
 * that {@link #close} ends a waiting reader promptly.
 */
final class Inotify implements AutoCloseable {
    static final int IN_MODIFY = 0x2;
    static final int IN_ATTRIB = 0x4;
    static final int IN_CLOSE_WRITE = 0x8;
    static final int IN_MOVED_FROM = 0x40;
    static final int IN_MOVED_TO = 0x80;
    static final int IN_CREATE = 0x100;
    static final int IN_DELETE = 0x200;
    static final int IN_DELETE_SELF = 0x400;
    static final int IN_MOVE_SELF = 0x800;
    static final int IN_Q_OVERFLOW = 0x4000;
    static final int IN_IGNORED = 0x8000;
    static final int IN_ONLYDIR = 0x01000000;
    static final int IN_ISDIR = 0x40000000;

    private static final int IN_CLOEXEC = 0x80000;
    private static final int IN_NONBLOCK = 0x800;
    private static final short POLLIN = 1;
    private static final int EVENT_HEADER = 16;
    private static final int BUFFER = 64 * 1024;
    private static final int WAIT_MILLIS = 100;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MethodHandle INIT = function("inotify_init1",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle ADD_WATCH = function("inotify_add_watch",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RM_WATCH = function("inotify_rm_watch",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle POLL = function("poll",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle READ = function("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle CLOSE = function("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    /** Links the native functions (this class's initialisation), so that the first watch does not wait for it. */
    static void link() {
        // nothing more: calling a static method initialises the class
    }

    /** One event: the watch it came from, what happened, and the name in the directory (empty for the directory itself). */
    record Event(int watch, int mask, String name) {
        boolean is(int bits) {
            return (mask & bits) != 0;
        }
    }

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private final MemorySegment pollFd;
    private volatile boolean closed;

    Inotify() throws IOException {
        fd = call(INIT, IN_CLOEXEC | IN_NONBLOCK);
        if (fd < 0) {
            arena.close();
            throw new IOException("inotify_init1 failed");
        }
        buffer = arena.allocate(BUFFER, 8);
        pollFd = arena.allocate(8, 4);
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), descriptor);
    }

    private static int call(MethodHandle handle, Object... args) {
        try {
            return (int) handle.invokeWithArguments(args);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Watches {@code directory} (following a symlink) for {@code mask}; the watch's number. */
    int add(Path directory, int mask) throws IOException {
        if (closed) {
            throw new IOException("inotify closed");
        }
        try (Arena path = Arena.ofConfined()) {
            int watch = call(ADD_WATCH, fd, path.allocateFrom(directory.toString(), StandardCharsets.UTF_8),
                    mask | IN_ONLYDIR);
            if (watch < 0) {
                throw new IOException("inotify_add_watch failed for " + directory);
            }
            return watch;
        }
    }

    /** Stops a watch (its {@code IN_IGNORED} event follows). */
    void remove(int watch) {
        if (!closed) {
            call(RM_WATCH, fd, watch);
        }
    }

    /**
     * The events that arrived, waiting until there is at least one; an empty list once
     * closed.
     */
    synchronized List<Event> next() {
        while (!closed) {
            pollFd.set(ValueLayout.JAVA_INT, 0, fd);
            pollFd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
            pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            int ready = call(POLL, pollFd, 1L, WAIT_MILLIS);
            if (ready <= 0 || closed) {
                continue;
            }
            long length;
            try {
                length = (long) READ.invokeExact(fd, buffer, (long) BUFFER);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            if (length <= 0) {
                continue;
            }
            return parse(length);
        }
        return List.of();
    }

    private List<Event> parse(long length) {
        List<Event> events = new ArrayList<>();
        long at = 0;
        while (at + EVENT_HEADER <= length) {
            int watch = buffer.get(ValueLayout.JAVA_INT, at);
            int mask = buffer.get(ValueLayout.JAVA_INT, at + 4);
            int nameLength = buffer.get(ValueLayout.JAVA_INT, at + 12);
            String name = "";
            if (nameLength > 0) {
                byte[] bytes = buffer.asSlice(at + EVENT_HEADER, nameLength).toArray(ValueLayout.JAVA_BYTE);
                int end = 0;
                while (end < bytes.length && bytes[end] != 0) {
                    end++;
                }
                name = new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
            events.add(new Event(watch, mask, name));
            at += EVENT_HEADER + nameLength;
        }
        return events;
    }

    /** Closes the descriptor; a thread waiting in {@link #next} returns within a tenth of a second. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (this) {
            call(CLOSE, fd);
            arena.close();
        }
    }
}
