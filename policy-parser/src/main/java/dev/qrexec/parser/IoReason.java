package dev.qrexec.parser;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Why an I/O operation failed, in words for a person: no exception class names, no errno numbers. */
public final class IoReason {
    private IoReason() {}

    public static String of(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null && !fse.getReason().isEmpty()) {
            String reason = fse.getReason();
            return Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "file exists";
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }
}
