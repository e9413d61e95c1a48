package dev.qrexec.eval;

import dev.qrexec.parser.IoReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * System information from a JSON file in qubesd's format: the one way every program
 * reads a {@code --system-info} file. The file may be at most {@link #MAX_BYTES} long;
 * whatever goes wrong, the error names the file and the reason in words
 * ({@code cannot read the system information FILE: REASON}). Used as a
 * {@link SystemInfoSource} (the daemon and the language server offline), the file is
 * read again only when its modification time, size or identity changed (one
 * {@code stat} per request), and parsed again only when its bytes changed.
 */
public final class SystemInfoFile implements SystemInfoSource {
    /** 64 MiB: qubesd's answer for a thousand qubes is well under one. */
    public static final long MAX_BYTES = 64L << 20;

    /** How the qubes of the file are named. */
    public enum Names {
        /**
         * By name and by {@code uuid:UUID}, as the daemon sees qubesd's answer (it adds the
         * aliases itself).
         */
        WITH_UUID_ALIASES,
        /**
         * By name only, the file used as it is, as the reference's {@code qrexec-policy-graph}
         * reads its {@code --system-info} file (a {@code uuid:} target is then no qube).
         */
        VERBATIM
    }

    private record Stamp(FileTime modified, long size, Object key) {}

    private record Loaded(Stamp stamp, SystemInfo info) {}

    private final Path file;
    private final SystemInfoCache parsed = new SystemInfoCache();
    private final AtomicReference<Loaded> last = new AtomicReference<>();

    public SystemInfoFile(Path file) {
        this.file = Objects.requireNonNull(file);
    }

    /** Reads and parses {@code file} once. */
    public static SystemInfo read(Path file, Names names) throws SystemInfoException {
        byte[] json = bytes(file);
        try {
            return switch (names) {
                case WITH_UUID_ALIASES -> SystemInfo.parse(json);
                case VERBATIM -> SystemInfo.parseVerbatim(json);
            };
        } catch (SystemInfoException e) {
            throw failure(file, e.getMessage(), e);
        }
    }

    @Override
    public SystemInfo get() throws SystemInfoException {
        Stamp stamp;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            stamp = new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        } catch (IOException e) {
            throw failure(file, IoReason.of(e), e);
        }
        Loaded loaded = last.get();
        if (loaded != null && loaded.stamp().equals(stamp)) {
            return loaded.info();
        }
        byte[] json = bytes(file);
        SystemInfo info;
        try {
            info = parsed.parse(json);
        } catch (SystemInfoException e) {
            throw failure(file, e.getMessage(), e);
        }
        last.set(new Loaded(stamp, info));
        return info;
    }

    /** The bytes of the file, at most {@link #MAX_BYTES} of them. */
    private static byte[] bytes(Path file) throws SystemInfoException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] json = in.readNBytes((int) MAX_BYTES + 1);
            if (json.length > MAX_BYTES) {
                throw failure(file, "the file is larger than " + MAX_BYTES + " bytes", null);
            }
            return json;
        } catch (IOException e) {
            throw failure(file, IoReason.of(e), e);
        }
    }

    private static SystemInfoException failure(Path file, String reason, Exception cause) {
        return new SystemInfoException("cannot read the system information " + file + ": " + reason, cause);
    }

    @Override
    public String toString() {
        return "system information file " + file;
    }
}
