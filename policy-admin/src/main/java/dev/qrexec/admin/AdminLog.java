package dev.qrexec.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The admin services' log file: one entry per call, {@code YYYY-MM-DD HH:MM:SS,mmm
 * MESSAGE} in local time, appended. Logging never fails a call: when the file cannot
 * be written the entry is dropped.
 */
public final class AdminLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private final Path file;
    private final Clock clock;

    public AdminLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** Appends one entry. */
    public void write(String message) {
        String entry = LocalDateTime.now(clock).format(TIME) + " " + message + "\n";
        try {
            Files.writeString(file, entry, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException | SecurityException e) {
            // no log: the call itself goes on
        }
    }

    /** Appends an entry followed by the stack trace of {@code failure}. */
    public void write(String message, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        write(message + "\n" + trace.toString().stripTrailing());
    }
}
