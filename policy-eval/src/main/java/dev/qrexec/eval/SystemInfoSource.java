package dev.qrexec.eval;

/**
 * Where the system information of a request comes from: qubesd's
 * {@code internal.GetSystemInfo} in a running system, a JSON file offline.
 * Implementations are safe for concurrent use.
 */
public interface SystemInfoSource {
    /** The current system information; fails when it cannot be had or read. */
    SystemInfo get() throws SystemInfoException;
}
