#!/usr/bin/env bash
# The Debian packages cnnlab's grading and tests use, installed when missing:
#   bubblewrap  - the grading sandbox (no network, read-only system, private /tmp) around each
#                 submission's nbgrader process and kernel (autograder/sandbox.py)
#   postgresql  - a real PostgreSQL server for the shared-gradebook test (db_url)
#   chromium    - the real-browser JupyterLab test (driven by Playwright)
# Installs with apt-get when run as root (or with passwordless sudo); otherwise it prints the command
# and exits 0: the tests that need a package then skip and say which one is missing.
set -euo pipefail

need=()
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: no apt-get here; install ${need[*]} yourself (the tests that need them skip)"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "system-packages: run as root: apt-get install -y ${need[*]} (the tests that need them skip)"
  exit 0
fi
echo "system-packages: apt-get install ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
