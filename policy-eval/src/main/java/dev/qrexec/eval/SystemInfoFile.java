package dev.qrexec.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * System information from a JSON file in qubesd's format, for offline use. The
 * file is read again only when its modification time, size or identity changed
 * (one {@code stat} per request), and parsed again only when its bytes changed.
 */
public final class SystemInfoFile implements SystemInfoSource {
    private record Stamp(FileTime modified, long size, Object key) {}

    private record Loaded(Stamp stamp, SystemInfo info) {}

    private final Path file;
    private final SystemInfoCache parsed = new SystemInfoCache();
    private final AtomicReference<Loaded> last = new AtomicReference<>();

    public SystemInfoFile(Path file) {
        this.file = Objects.requireNonNull(file);
    }

    @Override
    public SystemInfo get() throws SystemInfoException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Stamp stamp = new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
            Loaded loaded = last.get();
            if (loaded != null && loaded.stamp().equals(stamp)) {
                return loaded.info();
            }
            SystemInfo info = parsed.parse(Files.readAllBytes(file));
            last.set(new Loaded(stamp, info));
            return info;
        } catch (IOException e) {
            throw new SystemInfoException("cannot read system information from " + file + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "system information file " + file;
    }
}
