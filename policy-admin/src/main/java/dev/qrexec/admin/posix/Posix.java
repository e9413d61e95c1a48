package dev.qrexec.admin.posix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The few Linux system calls Java lacks, called through the JDK's Foreign Function
 * and Memory API: {@code flock} on a directory (Java's {@code FileLock} uses
 * {@code fcntl} record locks, which do not exclude {@code flock}), {@code umask},
 * group lookup and {@code setgid}. Failures throw {@link IOException} with the
 * system's error text.
 */
public final class Posix {
    /** The {@code flock} operation of an exclusive lock. */
    public static final int LOCK_EX = 2;

    private static final int EINTR = 4;

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;
    private static final boolean AARCH64 = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)
            .matches("aarch64|arm64");
    private static final int O_DIRECTORY = AARCH64 ? 040000 : 0200000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final class Open {
        static final MethodHandle HANDLE = downcall("open",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), true);
    }

    private static final class Close {
        static final MethodHandle HANDLE = downcall("close",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), true);
    }

    private static final class Flock {
        static final MethodHandle HANDLE = downcall("flock",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), true);
    }

    private static final class Fsync {
        static final MethodHandle HANDLE = downcall("fsync",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), true);
    }

    private static final class Umask {
        static final MethodHandle HANDLE = downcall("umask",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), false);
    }

    private static final class Getuid {
        static final MethodHandle HANDLE = downcall("getuid",
                FunctionDescriptor.of(ValueLayout.JAVA_INT), false);
    }

    private static final class Setgid {
        static final MethodHandle HANDLE = downcall("setgid",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), true);
    }

    private static final class Getgrnam {
        static final MethodHandle HANDLE = downcall("getgrnam",
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS), false);
    }

    private static final class Strerror {
        static final MethodHandle HANDLE = downcall("strerror",
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT), false);
    }

    // Each downcall handle is made the first time it is needed: most programs use a few of them.

    /** {@code struct group}: two pointers, then the gid. */
    private static final long GR_GID_OFFSET = 2L * ValueLayout.ADDRESS.byteSize();

    private Posix() {}

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, boolean errno) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("no " + name + " in libc"));
        return errno
                ? LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"))
                : LINKER.downcallHandle(symbol, descriptor);
    }

    /** A system call's failure: its errno and the system's text for it. */
    public static final class ErrnoException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        ErrnoException(String call, String path, int errno) {
            super(call + (path == null ? "" : " " + path) + ": " + strerror(errno) + " (errno " + errno + ")");
            this.errno = errno;
        }

        public int errno() {
            return errno;
        }
    }

    /** Opens a directory read-only ({@code O_RDONLY|O_DIRECTORY|O_CLOEXEC}) and returns its descriptor. */
    public static int openDirectory(Path directory) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int) Open.HANDLE.invokeExact(state, arena.allocateFrom(directory.toString()),
                    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd < 0) {
                throw new ErrnoException("open", directory.toString(), errno(state));
            }
            return fd;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("open " + directory, t);
        }
    }

    /** {@code flock(fd, operation)}, retried when interrupted by a signal. */
    public static void flock(int fd, int operation) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            while (true) {
                int rc = (int) Flock.HANDLE.invokeExact(state, fd, operation);
                if (rc == 0) {
                    return;
                }
                int errno = errno(state);
                if (errno != EINTR) {
                    throw new ErrnoException("flock", null, errno);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("flock", t);
        }
    }

    /** {@code fsync(fd)}. */
    public static void fsync(int fd) throws IOException {
        simple(Fsync.HANDLE, "fsync", fd);
    }

    /** {@code close(fd)}. */
    public static void close(int fd) throws IOException {
        simple(Close.HANDLE, "close", fd);
    }

    private static void simple(MethodHandle handle, String name, int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) handle.invokeExact(state, fd);
            if (rc != 0) {
                throw new ErrnoException(name, null, errno(state));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(name, t);
        }
    }

    /** Sets the process's file mode creation mask; returns the previous one. */
    public static int umask(int mask) {
        try {
            return (int) Umask.HANDLE.invokeExact(mask);
        } catch (Throwable t) {
            throw new IllegalStateException("umask", t);
        }
    }

    /** The real user id of the process. */
    public static int getuid() {
        try {
            return (int) Getuid.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("getuid", t);
        }
    }

    /** Sets the real and effective group id of the process. */
    public static void setgid(int gid) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) Setgid.HANDLE.invokeExact(state, gid);
            if (rc != 0) {
                throw new ErrnoException("setgid", null, errno(state));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("setgid", t);
        }
    }

    /** The id of the group with this name, or -1 when there is none. */
    public static int groupId(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment group = (MemorySegment) Getgrnam.HANDLE.invokeExact(arena.allocateFrom(name));
            if (group.equals(MemorySegment.NULL)) {
                return -1;
            }
            return group.reinterpret(GR_GID_OFFSET + 4).get(ValueLayout.JAVA_INT, GR_GID_OFFSET);
        } catch (Throwable t) {
            throw new IllegalStateException("getgrnam " + name, t);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** The system's text for an error number, for {@link ErrnoException}'s message. */
    private static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) Strerror.HANDLE.invokeExact(errno);
            return text.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "error " + errno;
        }
    }
}
