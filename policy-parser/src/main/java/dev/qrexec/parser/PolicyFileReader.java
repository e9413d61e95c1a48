package dev.qrexec.parser;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CodePointBuffer;
import org.antlr.v4.runtime.CodePointCharStream;

/**
 * Reads one policy file: its bytes, strictly decoded as UTF-8, parsed in a syntax.
 * Touches no state of a load, so that files can be read on several threads at once;
 * the loader reports the outcome's error where the file comes in load order.
 */
final class PolicyFileReader {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final long HIGH_BITS = 0x8080808080808080L;

    private PolicyFileReader() {}

    /** The parsed file, or the error that kept it from being read (exactly one is non-null). */
    record Outcome(PolicyFile file, Diagnostic error) {}

    /** Reads and parses the file at {@code path}. */
    static Outcome read(FileView view, String path, Syntax syntax) {
        byte[] bytes;
        try {
            bytes = view.read(Path.of(path));
        } catch (IOException e) {
            return failed(Code.LOAD_FAILED, Position.of(path),
                    "failed to load " + path + " file: " + OsErrors.describe(e, path));
        } catch (OutOfMemoryError e) {
            return failed(Code.LOAD_FAILED, Position.of(path), "failed to load " + path + " file: too large");
        }
        if (bytes.length > PolicyLoader.MAX_FILE_BYTES) {
            return failed(Code.LOAD_FAILED, Position.of(path),
                    "failed to load " + path + " file: larger than " + PolicyLoader.MAX_FILE_BYTES + " bytes");
        }
        if (syntax == Syntax.CURRENT && isAscii(bytes)) {
            CharStream text = CodePointCharStream.fromBuffer(CodePointBuffer.withBytes(ByteBuffer.wrap(bytes)), path);
            return new Outcome(PolicyFileParser.parseAscii(path, bytes, text), null);
        }
        CharStream text;
        try {
            text = decode(bytes, path);
        } catch (StrictUtf8.Invalid e) {
            return failed(Code.INVALID_UTF8, e.position(path, bytes), "invalid UTF-8 in policy file");
        }
        return new Outcome(PolicyFileParser.parse(path, text, syntax), null);
    }

    private static Outcome failed(Code code, Position position, String message) {
        return new Outcome(null, Diagnostic.error(code, position, message));
    }

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
