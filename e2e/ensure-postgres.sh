#!/usr/bin/env bash
# The PostgreSQL half of the tests (issue 15) starts its own throw-away server from Debian's
# PostgreSQL programs (db/testing/postgres-server.ts). Install them when they are missing and
# we can; otherwise stop with the one command that installs them. Never skip silently.
set -euo pipefail

if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL is missing: installing Debian's postgresql package (apt-get)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends postgresql
  # The package starts a cluster of its own; the tests never use it.
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "PostgreSQL installed." >&2
    exit 0
  fi
  echo "apt-get finished but initdb is still missing." >&2
  exit 1
fi

echo "The PostgreSQL tests need Debian's PostgreSQL programs. Install them with:" >&2
echo "  sudo apt-get update && sudo apt-get install -y postgresql" >&2
exit 1
