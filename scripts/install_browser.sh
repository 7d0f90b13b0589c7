#!/usr/bin/env bash
# Install what the browser tests need: Debian's chromium (driven by Python playwright through
# executable_path="/usr/bin/chromium"). Idempotent: quiet and quick when chromium is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install_browser.sh: /usr/bin/chromium is missing and this user cannot install packages." >&2
        echo "Ask an administrator to run: apt-get install -y chromium" >&2
        exit 1
    fi
fi

echo "Installing chromium (Debian package) for the browser tests..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
/usr/bin/chromium --version
