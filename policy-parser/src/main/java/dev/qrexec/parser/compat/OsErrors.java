package dev.qrexec.parser.compat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Describes an I/O failure the way Python prints an {@code OSError}: {@code [Errno N] text: 'path'}. */
public final class OsErrors {
    private OsErrors() {}

    /** Python's {@code OSError} text: {@code [Errno N] text: 'path'}. */
    public static String describe(IOException e, String path) {
        Errno errno = errno(e);
        return "[Errno " + errno.number() + "] " + errno.text() + ": " + PythonRepr.str(path);
    }

    /** The system's words for the failure, as {@code strerror} gives them ({@code Permission denied}). */
    public static String strerror(IOException e) {
        return errno(e).text();
    }

    private record Errno(int number, String text) {}

    private static Errno errno(IOException e) {
        int errno;
        String text;
        if (e instanceof NoSuchFileException) {
            errno = 2;
            text = "No such file or directory";
        } else if (e instanceof NotDirectoryException) {
            errno = 20;
            text = "Not a directory";
        } else if (e instanceof AccessDeniedException) {
            errno = 13;
            text = "Permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            errno = 17;
            text = "File exists";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            text = fse.getReason();
            errno = switch (text) {
                case "Is a directory" -> 21;
                case "Too many levels of symbolic links" -> 40;
                case "No such file or directory" -> 2;
                case "Not a directory" -> 20;
                case "Permission denied" -> 13;
                case "File too large" -> 27;
                default -> 5;
            };
        } else {
            errno = 5;
            text = e.getMessage() != null ? e.getMessage() : "Input/output error";
        }
        return new Errno(errno, text);
    }
}
