package dev.qrexec.bench.startup;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The processor time of this process's finished children, user plus system, from
 * {@code getrusage(RUSAGE_CHILDREN)} (microseconds, unlike the clock ticks of
 * {@code /proc}): the difference before and after one child was waited for is that
 * child's time.
 */
final class ChildCpu {
    private static final int RUSAGE_CHILDREN = -1;
    /** {@code struct rusage} on 64-bit Linux: two timevals, then fourteen longs. */
    private static final long RUSAGE_BYTES = 2 * 16 + 14 * 8;
    private static final MethodHandle GETRUSAGE = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("getrusage").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

    private ChildCpu() {}

    /** The children's processor time so far, in nanoseconds. */
    static long nanos() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment usage = arena.allocate(RUSAGE_BYTES, 8);
            int status = (int) GETRUSAGE.invokeExact(RUSAGE_CHILDREN, usage);
            if (status != 0) {
                throw new IllegalStateException("getrusage failed");
            }
            long userMicros = usage.get(ValueLayout.JAVA_LONG, 0) * 1_000_000 + usage.get(ValueLayout.JAVA_LONG, 8);
            long systemMicros = usage.get(ValueLayout.JAVA_LONG, 16) * 1_000_000 + usage.get(ValueLayout.JAVA_LONG, 24);
            return (userMicros + systemMicros) * 1000;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
