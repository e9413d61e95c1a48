package dev.qrexec.parser.text;

import dev.qrexec.parser.compat.StrictUtf8;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CodePointBuffer;
import org.antlr.v4.runtime.CodePointCharStream;

/** The bytes of a policy file as the parser's input: strict UTF-8, ASCII read in place. */
final class Utf8Input {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8Input() {}

    /**
     * The code points of strictly decoded UTF-8 (an invalid, overlong or surrogate
     * sequence is an error). ASCII, the usual content of a policy file, is its own
     * code points and is read in place.
     */
    static CharStream decode(byte[] bytes, String name) throws StrictUtf8.Invalid {
        if (isAscii(bytes)) {
            return CodePointCharStream.fromBuffer(CodePointBuffer.withBytes(ByteBuffer.wrap(bytes)), name);
        }
        return CharStreams.fromString(StrictUtf8.decode(bytes), name);
    }

    /** Whether every byte is below 0x80, eight bytes at a time. */
    static boolean isAscii(byte[] bytes) {
        int i = 0;
        for (int end = bytes.length - Long.BYTES; i <= end; i += Long.BYTES) {
            if (((long) LONGS.get(bytes, i) & HIGH_BITS) != 0) {
                return false;
            }
        }
        for (; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
