#!/usr/bin/env bash
# Print the path of the first Python >= 3.12 that actually runs. pyenv's bare `python3.12` shim fails
# unless PYENV_VERSION names it, so pyenv's own installs are tried by their full paths first.
set -u
candidates=()
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])(\.|$)' | sort -rV); do
    candidates+=("$root/versions/$v/bin/python3")
  done
fi
candidates+=(python3.13 python3.12 python3 python)
for c in "${candidates[@]}"; do
  if "$c" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    command -v "$c" 2>/dev/null || echo "$c"
    exit 0
  fi
done
exit 1
