package dev.qrexec.parser.compat;

import dev.qrexec.parser.Position;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding, as policy files, lint input and admin payloads need it: an
 * invalid, overlong or surrogate sequence is an error that says where it is.
 */
public final class StrictUtf8 {
    private StrictUtf8() {}

    /** The text of {@code bytes}; fails at the first byte that is not valid UTF-8. */
    public static String decode(byte[] bytes) throws Invalid {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        if (decoder.decode(in, out, true).isError() || decoder.flush(out).isError()) {
            throw new Invalid(in.position());
        }
        return out.flip().toString();
    }

    /** Where the bytes stop being valid UTF-8. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final int offset;

        Invalid(int offset) {
            super("invalid UTF-8 at byte " + offset, null, false, false);
            this.offset = offset;
        }

        /** The offset of the first bad byte. */
        public int offset() {
            return offset;
        }

        /** The 1-based line (LF, CR LF or a lone CR end a line) of the first bad byte. */
        public int line(byte[] bytes) {
            return position("", bytes).line();
        }

        /** The line and column (in code points) of the first bad byte. */
        public Position position(String path, byte[] bytes) {
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
