package dev.qrexec.parser;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.antlr.v4.runtime.CharStream;
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
        CharStream text;
        try {
            text = decode(bytes, path);
        } catch (InvalidUtf8 e) {
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
    static CharStream decode(byte[] bytes, String name) throws InvalidUtf8 {
        if (isAscii(bytes)) {
            return CodePointCharStream.fromBuffer(CodePointBuffer.withBytes(ByteBuffer.wrap(bytes)), name);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new InvalidUtf8(in.position());
        }
        result = decoder.flush(out);
        if (result.isError()) {
            throw new InvalidUtf8(in.position());
        }
        out.flip();
        CodePointBuffer.Builder codePoints = CodePointBuffer.builder(out.remaining());
        codePoints.append(out);
        return CodePointCharStream.fromBuffer(codePoints.build(), name);
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

    /** Where in a file its UTF-8 stops being valid. */
    static final class InvalidUtf8 extends Exception {
        private static final long serialVersionUID = 1L;
        final int offset;

        InvalidUtf8(int offset) {
            super("invalid UTF-8 at byte " + offset, null, false, false);
            this.offset = offset;
        }

        /** The line and column (in code points) of the first bad byte. */
        Position position(String path, byte[] bytes) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                    line++;
                    lineStart = i + 1;
                }
            }
            String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
            return new Position(path, line, before.codePointCount(0, before.length()) + 1);
        }
    }
}
