# SPDX-License-Identifier: Apache-2.0
# Shared by tests/sanitize/run and tests/valgrind/run: sourced, with $src set
# to the source tree and $me to the script's name.

say() { echo "$me: $*"; }
fail() { say "FAIL: $*"; exit 1; }

# Installs the Debian packages given that are not installed yet (apt-get,
# as root), and what building and testing ssmreset needs (scripts/install-deps,
# which leaves the machine's PAM configuration as it was).
install_packages() {
        missing=
        for p in "$@"; do
                [ "$(dpkg-query -W -f '${db:Status-Abbrev}' "$p" 2>/dev/null)" = "ii " ] || missing="$missing $p"
        done
        if [ -n "$missing" ]; then
                [ "$(id -u)" = 0 ] || fail "missing packages:$missing (install them as root)"
                say "installing$missing"
                export DEBIAN_FRONTEND=noninteractive
                # shellcheck disable=SC2086
                apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 ||
                { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $missing >/dev/null; } ||
                fail "cannot install$missing"
        fi
        "$src/scripts/install-deps" || fail "scripts/install-deps failed"
}

# A private copy of the tree to build in: automake refuses a VPATH build from
# a configured source tree, and the second build must not touch the first.
# From the working tree (tracked files and new files git does not ignore, as
# they are now), or with from=HEAD the last commit. The copy lives under
# /var/tmp: tests/sandbox/sandbox-run covers /run, /var/log and /var/mail.
copy_tree() {
        dest=$1
        mkdir -p "$dest"
        if [ "${from:-}" = HEAD ]; then
                git -C "$src" archive --format=tar HEAD | tar -C "$dest" -xf -
        else
                git -C "$src" ls-files -z --cached --others --exclude-standard |
                        (cd "$src" && tar --null -T - --ignore-failed-read -cf - 2>/dev/null) |
                        tar -C "$dest" -xf -
        fi
        [ -f "$dest/configure.ac" ] || fail "could not copy the tree from $src"
}
