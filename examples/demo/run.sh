#!/usr/bin/env bash
# make demo: build the provider, start the mock APIs on a free loopback port (both through
# internal/dev/devenv, as `make dev` does), plan examples/demo into a saved plan and apply it through the
# fresh build (no registry access), check that neither the saved plan nor the state holds a token
# Developer Connect issued while ServiceStage holds the one issued at apply, show that a second plan
# has nothing to do, and destroy. Exits non-zero if any step fails. It runs the terraform on PATH, or
# the Terraform or OpenTofu binary TF_ACC_TERRAFORM_PATH names.
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
(cd "$root" && go build -o "$work/devenv" ./internal/dev/devenv/cmd/devenv)
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
engine=${TF_ACC_TERRAFORM_PATH:-terraform}
version=$("$engine" version)
grep -m1 -E '^(Terraform|OpenTofu) v' <<<"$version"
tf() { "$engine" -chdir="$work/config" "$@"; }

step "terraform plan -out (a saved plan, as CI makes) and terraform apply of that plan"
tf plan -out=demo.tfplan -input=false -no-color
tf apply -input=false -no-color demo.tfplan

step "The Developer Connect tokens reached ServiceStage, not the saved plan or the state"
mock_url=$(sed -n 's/^# mock APIs at \([^ ]*\) .*/\1/p' "$work/env")
# GET on the mock with bash alone: HTTP/1.0, so the server closes the connection after answering.
mock_get() {
  local hostport=${mock_url#http://}
  exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$1" "$hostport" >&3
  cat <&3
  exec 3<&-
}
inventory=$(mock_get /_mock/inventory)
issued=$(grep -o '"token":"ghs_[0-9a-f]*"' <<<"$inventory" | cut -d'"' -f4)
[ -n "$issued" ] || { echo "Developer Connect issued no token" >&2; exit 1; }
tf show -json demo.tfplan >"$work/plan.json"
tf show -json >"$work/state.json"
for token in $issued; do
  if grep -qF "$token" "$work/plan.json" "$work/state.json"; then
    echo "a token Developer Connect issued is in the saved plan or the state" >&2
    exit 1
  fi
done
grep -qF "\"secret\":\"$(tail -n 1 <<<"$issued")\"" <<<"$inventory" ||
  { echo "ServiceStage does not hold the token Developer Connect issued at apply" >&2; exit 1; }
echo "$(wc -w <<<"$issued") tokens issued (one per plan or apply); ServiceStage holds the last, the plan and state none"

step "terraform output"
tf output -no-color

step "terraform plan (a second plan must have no changes)"
tf plan -detailed-exitcode -input=false -no-color || { echo "the second plan is not empty" >&2; exit 1; }

step "terraform destroy"
tf destroy -auto-approve -input=false -no-color

step "Demo passed"
