#!/usr/bin/env bash
# Install what the browser tests drive: Debian's chromium (Playwright is pointed at
# /usr/bin/chromium and downloads no browser of its own). Idempotent; needs root for apt-get.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "installing chromium from Debian's packages" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
