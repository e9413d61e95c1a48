#!/bin/sh
# Installs the qrexec policy engine from this unpacked distribution.
#
#   PREFIX            where bin/, lib/qrexec-policy/ and share/ go (default: /usr)
#   DESTDIR           a staging root put before every path (default: none)
#   SYSTEMD_UNIT_DIR  where the files of share/qrexec-policy/systemd/ go
#                     (default: /usr/lib/systemd/system)
#   QUBES_RPC_DIR     where the files of share/qrexec-policy/qubes-rpc/ go
#                     (default: /etc/qubes-rpc)
#   QREXEC_POLICY_NO_AOT  when set, no ahead-of-time caches are made
#
# The launchers in PREFIX/bin find the application in PREFIX/lib/qrexec-policy/
# and need a Java 25 runtime (JAVA_HOME, a JDK under /usr/lib/jvm, or java on PATH).
# The JVM's ahead-of-time caches (which more than halve the start-up time of every
# command) are made here, by a training run of the installed copy with the Java the
# launchers will use; after an update of that Java, run this script again.
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
prefix=${PREFIX:-/usr}
dest=${DESTDIR:-}

mkdir -p "$dest$prefix/bin" "$dest$prefix/lib" "$dest$prefix/share/man/man1" \
    "$dest$prefix/share/bash-completion/completions"
cp -P "$here"/bin/* "$dest$prefix/bin/"
rm -rf "$dest$prefix/lib/qrexec-policy"
cp -R "$here/lib/qrexec-policy" "$dest$prefix/lib/qrexec-policy"
cp "$here"/share/man/man1/* "$dest$prefix/share/man/man1/"
cp "$here"/share/bash-completion/completions/* "$dest$prefix/share/bash-completion/completions/"

# The caches, made with the installed launcher (its Java, its JVM settings); the
# commands work without them, only slower.
if [ -z "${QREXEC_POLICY_NO_AOT:-}" ]; then
    if ! training=$(QREXEC_POLICY_AOT_TRAINING=1 "$dest$prefix/bin/qrexec-policy" 2>&1); then
        printf '%s\n' "$training" >&2
        echo "warning: the ahead-of-time caches were not made; the commands start slower" >&2
    fi
    chmod 0644 "$dest$prefix/lib/qrexec-policy/"*.aot 2>/dev/null || true
fi

extras() {
    if [ -d "$here/share/qrexec-policy/$1" ]; then
        mkdir -p "$dest$2"
        cp -RP "$here/share/qrexec-policy/$1"/. "$dest$2/"
    fi
}
extras systemd "${SYSTEMD_UNIT_DIR:-/usr/lib/systemd/system}"
extras qubes-rpc "${QUBES_RPC_DIR:-/etc/qubes-rpc}"

echo "installed qrexec-policy into $dest$prefix"
