package dev.qrexec.admin;

import dev.qrexec.admin.posix.Posix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes and removes policy files so that a crash at any moment leaves either the old
 * or the new file, never part of one, and nothing the loader would read: the content
 * goes to a new temporary file in the same directory whose name starts with a dot
 * (the loader skips such names), created exclusively without following symlinks,
 * given mode 0664 and group {@code qubes} where that group exists, fsynced, renamed
 * over the target, and the directory is fsynced. The temporary file is removed on
 * any failure. Callers hold the {@link DirectoryLock}.
 */
public final class AtomicWriter {
    /** How every temporary file of this writer starts. */
    static final String TEMP_PREFIX = ".policy-admin-";
    private static final String GROUP = "qubes";
    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-rw-r--");
    private static final Set<OpenOption> CREATE_EXCLUSIVELY =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private AtomicWriter() {}

    /** Replaces (or creates) {@code target} with {@code content}. */
    public static void write(Path target, byte[] content) throws IOException {
        Path directory = target.getParent();
        TempFile tempFile = TempFile.create(directory);
        Path temp = tempFile.path();
        try {
            try (FileChannel channel = tempFile.channel()) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                PosixFileAttributeView attributes =
                        Files.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                attributes.setPermissions(MODE);
                giveToGroup(temp, attributes);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        syncDirectory(directory);
    }

    /** Removes {@code target} for good. */
    public static void remove(Path target) throws IOException {
        Files.delete(target);
        syncDirectory(target.getParent());
    }

    /**
     * Removes what writers killed before their rename left behind in {@code directory}.
     * Only call it under the lock: then no writer is at work.
     */
    public static void removeLeftovers(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, TEMP_PREFIX + "*")) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        }
    }

    /**
     * A name in {@code directory} that no entry has, hidden from the loader and removed by
     * {@link #removeLeftovers} when a writer dies before it removes it itself: for copies
     * of old contents that an edit keeps until it is committed.
     */
    static Path hiddenName(Path directory, String suffix) {
        while (true) {
            Path path = directory.resolve(TEMP_PREFIX + randomHex() + suffix);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return path;
            }
        }
    }

    private static String randomHex() {
        byte[] random = new byte[8];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * A temporary file just created for writing, by a name no one used. The name does not
     * contain the target's, so that a target name of the longest legal length (255 bytes)
     * still leaves room for it.
     */
    private record TempFile(Path path, FileChannel channel) {
        static TempFile create(Path directory) throws IOException {
            while (true) {
                Path path = directory.resolve(TEMP_PREFIX + randomHex());
                try {
                    return new TempFile(path, FileChannel.open(path, CREATE_EXCLUSIVELY, PRIVATE));
                } catch (FileAlreadyExistsException taken) {
                    // another name, then
                }
            }
        }
    }

    /** Group {@code qubes}, as packaging gives the policy files; skipped where there is no such group or right. */
    private static void giveToGroup(Path file, PosixFileAttributeView attributes) {
        try {
            GroupPrincipal group = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(GROUP);
            attributes.setGroup(group);
        } catch (UserPrincipalNotFoundException noGroup) {
            // not a Qubes system
        } catch (IOException notPermitted) {
            // neither root nor a member of the group: the file keeps the caller's group
        }
    }

    /** Makes the directory's entries durable (after a rename, a creation or a removal in it). */
    public static void syncDirectory(Path directory) throws IOException {
        int fd = Posix.openDirectory(directory);
        try {
            Posix.fsync(fd);
        } finally {
            Posix.close(fd);
        }
    }
}
