package dev.qrexec.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One accepted connection, read with the framing rules of the reference's stream
 * reader: up to a delimiter with a length limit, or up to a number of bytes.
 * Whatever is read beyond the current frame stays buffered for the next one.
 */
final class Connection implements AutoCloseable {
    private static final int INITIAL = 512;

    private final SocketChannel channel;
    private byte[] data = new byte[INITIAL];
    private int start;
    private int end;
    private boolean eof;

    Connection(SocketChannel channel) {
        this.channel = channel;
    }

    SocketChannel channel() {
        return channel;
    }

    /** The stream ended before a frame was complete; {@link #remainder()} has what came. */
    static final int END = -1;

    /**
     * Reads the frame up to the next {@code delimiter}: returns its length (the frame
     * is then {@link #take(int)}, the delimiter is consumed with it), or {@link #END}
     * when the stream ends first. At most {@code limit} bytes may come before the
     * delimiter.
     */
    int frameUntil(byte delimiter, int limit) throws IOException, FramingException {
        int searched = 0;
        while (true) {
            for (int i = start + searched; i < end; i++) {
                if (data[i] == delimiter) {
                    int length = i - start;
                    if (length > limit) {
                        throw new FramingException("more than " + limit + " bytes before the delimiter");
                    }
                    return length;
                }
            }
            searched = end - start;
            if (searched > limit) {
                throw new FramingException("more than " + limit + " bytes without a delimiter");
            }
            if (eof || !fill()) {
                return END;
            }
        }
    }

    /** The {@code length} bytes of a frame found by {@link #frameUntil}, consuming the delimiter too. */
    byte[] take(int length) {
        byte[] frame = Arrays.copyOfRange(data, start, start + length);
        start += length + 1;
        return frame;
    }

    /** Everything still buffered (after {@link #END}: the incomplete last frame). */
    byte[] remainder() {
        byte[] rest = Arrays.copyOfRange(data, start, end);
        start = end;
        return rest;
    }

    /** Up to {@code count} bytes: fewer only when the stream ends. */
    byte[] readUpTo(int count) throws IOException {
        while (end - start < count && !eof) {
            fill();
        }
        int length = Math.min(count, end - start);
        byte[] out = Arrays.copyOfRange(data, start, start + length);
        start += length;
        return out;
    }

    /** Reads more; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (start > 0 && start == end) {
            start = 0;
            end = 0;
        }
        if (end == data.length) {
            if (start > 0) {
                System.arraycopy(data, start, data, 0, end - start);
                end -= start;
                start = 0;
            } else {
                data = Arrays.copyOf(data, data.length * 2);
            }
        }
        int n = channel.read(ByteBuffer.wrap(data, end, data.length - end));
        if (n < 0) {
            eof = true;
            return false;
        }
        end += n;
        return true;
    }

    /** Writes {@code text} (ASCII) whole. */
    void write(String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to say to this client
        }
    }

    /** Whether every byte is ASCII. */
    static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Bytes known to be ASCII as a string. */
    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The frame broke the framing rules: the connection is dropped without a reply. */
    static final class FramingException extends Exception {
        private static final long serialVersionUID = 1L;

        FramingException(String message) {
            super(message);
        }
    }
}
