#!/usr/bin/env bash
# make mutate (internal/dev/README.md, "Mutation testing"): gremlins, every operator on, over the
# lines changed since BASE's merge-base with HEAD, or over the packages PKG names (go list
# patterns), or both; the acceptance tests run (TF_ACC=1) under the newest Terraform of
# ../shared/engines. One gremlins run per package, from its folder, so that the diff, the coverage
# and the mutants are that package's; a mutant faces the package's tests, then those of the
# packages that import it. Then a table per package and every survivor's place. Logs in
# mutate-out/.
set -euo pipefail
trap 'exit 130' INT TERM
cd "$(dirname "$0")/../../.."

out=mutate-out
base=${BASE:-}
patterns=${PKG:-}
if [ -z "$base" ] && [ -z "$patterns" ]; then
  if git rev-parse -q --verify origin/main >/dev/null; then base=origin/main; else base=main; fi
fi
if [ -n "$base" ] && ! git rev-parse -q --verify "$base^{commit}" >/dev/null; then
  echo "BASE=$base names no commit" >&2
  exit 1
fi

if [ -z "${TF_ACC_TERRAFORM_PATH:-}" ]; then
  shared=$(bash ../shared/engines/install) || { echo "../shared/engines/install failed; or set TF_ACC_TERRAFORM_PATH" >&2; exit 1; }
  TF_ACC_TERRAFORM_PATH=$(awk '$1 == "terraform" {print $3}' <<<"$shared")
  [ -x "$TF_ACC_TERRAFORM_PATH" ] || { echo "no Terraform in ../shared/engines" >&2; exit 1; }
fi
export TF_ACC=1 TF_ACC_TERRAFORM_PATH NO_COLOR=1
# A cached result of the coverage run would make gremlins' timeout (its time × the coefficient) a
# fraction of a second, and every mutant would time out.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-count=1"
# gremlins reads `git diff --merge-base BASE` run from the package's folder, with paths relative to
# it (diff.relative), and takes a hunk's added lines for one run from its first: with context lines
# inside a hunk it would skip changed lines and mutate unchanged ones, so no context (diff.context).
export GIT_CONFIG_COUNT=4 \
  GIT_CONFIG_KEY_0=diff.relative GIT_CONFIG_VALUE_0=true \
  GIT_CONFIG_KEY_1=diff.context GIT_CONFIG_VALUE_1=0 \
  GIT_CONFIG_KEY_2=diff.noprefix GIT_CONFIG_VALUE_2=false \
  GIT_CONFIG_KEY_3=diff.mnemonicPrefix GIT_CONFIG_VALUE_3=false

# gremlins runs the tests of the mutated package alone, and takes any failure of go test for a kill,
# a build failure too (go test exits 1 on both). This go, first on gremlins' PATH (gremlins is
# installed: go run would put Go's own bin first), adds to the coverage run the tests of the
# packages that import the package (MUTATE_ALSO: internal/provider's TestAccBadInput checks every
# family's arguments, for one), and runs them on a mutant the package's own tests let live, noting
# its place in MUTATE_ELSEWHERE when they catch it. A mutant that does not build exits 2, which
# gremlins reports as NOT VIABLE.
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
GOBIN="$bin" go install github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0
MUTATE_GO=$(command -v go)
export MUTATE_GO
cat >"$bin/go" <<'WRAPPER'
#!/usr/bin/env bash
if [ "$1" = test ]; then
  case " $* " in
  *" -coverprofile "*)
    # shellcheck disable=SC2086
    exec "$MUTATE_GO" "$@" $MUTATE_ALSO
    ;;
  *" -failfast "*)
    "$MUTATE_GO" build -o /dev/null "${!#}" >/dev/null 2>&1 || exit 2
    "$MUTATE_GO" "$@" || exit
    [ -n "$MUTATE_ALSO" ] || exit 0
    # shellcheck disable=SC2086
    "$MUTATE_GO" "${@:1:$#-1}" $MUTATE_ALSO && exit 0
    for f in *.go; do
      line=$(diff -w "$MUTATE_SRC/$f" "$f" | sed -n '1s/^\([0-9]*\).*/\1/p')
      [ -z "$line" ] || echo "$MUTATE_DIR/$f:$line $MUTATE_ALSO" >>"$MUTATE_ELSEWHERE"
    done
    exit 1
    ;;
  esac
fi
exec "$MUTATE_GO" "$@"
WRAPPER
chmod +x "$bin/go"
export PATH="$bin:$PATH"
rm -rf "$out" && mkdir -p "$out"
export MUTATE_ELSEWHERE="$PWD/$out/elsewhere"
: >"$MUTATE_ELSEWHERE"

# Every operator this gremlins offers, from its own help.
mapfile -t operators < <("$bin/gremlins" unleash --help | sed -n 's/^ *\(--[a-z-]*\) *enable ".*/\1=true/p')
[ "${#operators[@]}" -gt 0 ] || { echo "found no operator in gremlins' help" >&2; exit 1; }

# Every package of the module: folder (from the root), import path, test files, what it and its tests import.
module=$(go list -m)
go list -f '{{.Dir}}{{"\t"}}{{.ImportPath}}{{"\t"}}{{len .TestGoFiles}}{{len .XTestGoFiles}}{{"\t"}}{{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... |
  awk -F '\t' -v OFS='\t' -v root="$PWD" '{$1 = substr($1, length(root) + 2); if ($1 == "") $1 = "."; print}' >"$out/packages"
# shellcheck disable=SC2086
selected=$(go list ${patterns:-./...})
if [ -n "$base" ]; then
  # With BASE, those of them in which a Go file (not a test) gained lines.
  changed=$(git diff --merge-base "$base" --numstat --no-renames -- '*.go' ':(exclude)*_test.go' |
    awk -F '\t' '$1 > 0 {n = split($3, p, "/"); d = "."; for (i = 1; i < n; i++) d = (i == 1 ? p[i] : d "/" p[i]); print d}' | sort -u)
  selected=$(awk -F '\t' 'NR == FNR {keep[$0] = 1; next} ($1 in keep) {print $2}' <(echo "$changed") "$out/packages" |
    grep -xF -f <(echo "$selected") || true)
fi
[ -n "$selected" ] || { echo "nothing to mutate: no Go file (but tests) changed since $base in ${patterns:-the module}"; exit 0; }

echo "gremlins v0.6.0, ${#operators[@]} operators; ${base:+lines changed since $(git merge-base "$base" HEAD | cut -c1-12) ($base) plus uncommitted ones, }Terraform $TF_ACC_TERRAFORM_PATH"
status=0
: >"$out/summary"
for pkg in $selected; do
  IFS=$'\t' read -r dir _ tests _ < <(awk -F '\t' -v p="$pkg" '$2 == p' "$out/packages")
  log="$out/$(tr / _ <<<"$dir").log"
  if [ "$tests" = 00 ]; then
    echo "==> $dir: no tests, so not mutated (every mutant would be not covered)" | tee "$log"
    echo "$dir 0" >>"$out/summary"
    continue
  fi
  # The packages with tests that import this one, or whose tests do.
  also=$(awk -F '\t' -v p="$pkg" '$2 != p && $3 != "00" {n = split($4, i, " "); for (j = 1; j <= n; j++) if (i[j] == p) {print $2; break}}' "$out/packages" | xargs)
  echo "==> $dir, then the tests of: ${also:-no other package} (log: $log)" | sed "s|$module/||g"
  start=$SECONDS
  # -E /: leave out the packages under this one (each has its own run). MUTATE_FLAGS come last: a
  # flag there overrides the ones before.
  # shellcheck disable=SC2086
  (cd "$dir" && MUTATE_ALSO=$also MUTATE_SRC=$PWD MUTATE_DIR=$dir "$bin/gremlins" unleash ${base:+--diff "$base"} \
    --exclude-files / --coverpkg "$pkg" --workers 1 --timeout-coefficient 5 --output-statuses lctkv \
    "${operators[@]}" ${MUTATE_FLAGS:-}) 2>&1 | tee "$log" || status=1
  echo "$dir $((SECONDS - start))" >>"$out/summary"
done

echo
echo "package                         killed  lived  not covered  timed out  not viable  seconds"
while read -r dir secs; do
  awk -v dir="$dir" -v secs="$secs" '
    / at [^ ]+:[0-9]+:[0-9]+$/ {
      if ($1 == "KILLED") k++; else if ($1 == "LIVED") l++; else if ($1 == "TIMED") t++;
      else if ($1 == "NOT" && $2 == "COVERED") c++; else if ($1 == "NOT" && $2 == "VIABLE") v++
    }
    END { printf "%-30s %7d %6d %12d %10d %11d %8d\n", dir, k, l, c, t, v, secs }' "$out/$(tr / _ <<<"$dir").log"
done <"$out/summary"
# Timed out counts as caught, but a slow machine times out a mutant that would have lived: listed too.
for want in LIVED TIMED; do
  echo
  if [ "$want" = LIVED ]; then
    echo "Survivors (LIVED: every test passed), file:line:column and operator:"
  else
    echo "Timed out (its tests outran 5 times the coverage run's time), file:line:column and operator:"
  fi
  while read -r dir _; do
    awk -v dir="$dir" -v want="$want" '$1 == want && / at [^ ]+:[0-9]+:[0-9]+$/ {
      p = $NF; if (dir != ".") p = dir "/" p; print "  " p "  " $(NF - 2) }' "$out/$(tr / _ <<<"$dir").log"
  done <"$out/summary"
done
if [ -s "$MUTATE_ELSEWHERE" ]; then
  echo
  echo "Killed (counted above) only by the tests of the packages that import theirs, file:line and those packages:"
  sed "s|$module/||g; s/^/  /" "$MUTATE_ELSEWHERE"
fi
exit "$status"
