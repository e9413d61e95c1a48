#!/bin/sh
# Installs the qrexec policy engine from this unpacked distribution.
#
#   PREFIX            where bin/, lib/qrexec-policy/ and share/ go (default: /usr)
#   DESTDIR           a staging root put before every path (default: none)
#   SYSTEMD_UNIT_DIR  where the files of share/qrexec-policy/systemd/ go
#                     (default: /usr/lib/systemd/system)
#   QUBES_RPC_DIR     where the files of share/qrexec-policy/qubes-rpc/ go
#                     (default: /etc/qubes-rpc)
#
# The launchers in PREFIX/bin find the application in PREFIX/lib/qrexec-policy/
# and need a Java 25 runtime (JAVA_HOME, or java on PATH).
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

extras() {
    if [ -d "$here/share/qrexec-policy/$1" ]; then
        mkdir -p "$dest$2"
        cp -RP "$here/share/qrexec-policy/$1"/. "$dest$2/"
    fi
}
extras systemd "${SYSTEMD_UNIT_DIR:-/usr/lib/systemd/system}"
extras qubes-rpc "${QUBES_RPC_DIR:-/etc/qubes-rpc}"

echo "installed qrexec-policy into $dest$prefix"
