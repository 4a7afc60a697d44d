#!/usr/bin/env bash
# make demo: build the provider, start the mock APIs on a free loopback port, and apply
# examples/demo through the fresh build (no registry access), then show that a second plan has
# nothing to do and destroy. Exits non-zero if any step fails.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
mock_pid=""
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null && wait "$mock_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*"; }

step "Building the provider and the mock APIs"
(cd "$root" && go build -o "$work/bin/terraform-provider-gitauth" . && go build -o "$work/mockapi" ./internal/mockapi/cmd/mockapi)

step "Starting the mock APIs"
"$work/mockapi" -listen 127.0.0.1:0 >"$work/mock.out" &
mock_pid=$!
for _ in $(seq 100); do
  grep -q '^mockapi listening on ' "$work/mock.out" && break
  sleep 0.1
done
url=$(sed -n 's/^mockapi listening on //p' "$work/mock.out")
[ -n "$url" ] || { echo "the mock did not start" >&2; exit 1; }
echo "mock APIs at $url"

cat >"$work/cli.tfrc" <<CONF
provider_installation {
  dev_overrides {
    "gitauth-dev/gitauth" = "$work/bin"
  }
  direct {}
}
CONF
mkdir "$work/config"
cp "$root"/examples/demo/*.tf "$work/config/"

export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1
export GITLAB_TOKEN=mock-gitlab-token TF_VAR_gitlab_base_url="$url/gitlab/api/v4"
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
