#!/usr/bin/env bash
# make demo: build the provider, start the mock APIs on a free loopback port (both through
# internal/devenv, as `make dev` does), apply examples/demo through the fresh build (no registry
# access), show that a second plan has nothing to do, and destroy. Exits non-zero if any step fails.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
dev_pid=""
cleanup() {
  [ -n "$dev_pid" ] && kill "$dev_pid" 2>/dev/null && wait "$dev_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*"; }

step "Building the provider and starting the mock APIs"
(cd "$root" && go build -o "$work/devenv" ./internal/devenv/cmd/devenv)
(cd "$root" && exec "$work/devenv" -dir "$work") >"$work/env" &
dev_pid=$!
for _ in $(seq 600); do
  grep -q '^# mock APIs at ' "$work/env" && break
  kill -0 "$dev_pid" 2>/dev/null || { echo "devenv failed" >&2; exit 1; }
  sleep 0.1
done
grep -q '^# mock APIs at ' "$work/env" || { echo "the mock did not start" >&2; exit 1; }
cat "$work/env"
# shellcheck disable=SC1091
source "$work/env"

mkdir "$work/config"
cp "$root"/examples/demo/*.tf "$work/config/"
export TF_IN_AUTOMATION=1
tf() { terraform -chdir="$work/config" "$@"; }

step "terraform apply"
tf apply -auto-approve -input=false -no-color

step "terraform output"
tf output -no-color

step "terraform plan (a second plan must have no changes)"
tf plan -detailed-exitcode -input=false -no-color || { echo "the second plan is not empty" >&2; exit 1; }

step "terraform destroy"
tf destroy -auto-approve -input=false -no-color

step "Demo passed"
