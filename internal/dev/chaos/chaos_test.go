package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

var at = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)

// The short, fixed-seed run that CI makes: no loss, and faults of every kind injected, so that
// it proves something. make chaos runs the full one.
func TestChaosFixedSeed(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1: this test runs the Terraform CLI")
	}
	opts := options{n: 8, seed: 1, oneIn: 5, slow: 500 * time.Millisecond, parallelism: 1, out: t.TempDir()}
	var log strings.Builder
	rep, err := run(context.Background(), opts, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	t.Log("\n" + rep.String())
	if losses := rep.losses(); len(losses) > 0 {
		t.Errorf("losses:\n%s", strings.Join(losses, "\n"))
	}
	for _, kind := range mockapi.ChaosKinds {
		if rep.Injected[kind] == 0 {
			t.Errorf("no %s fault was injected: the run proves less than it says", kind)
		}
	}
}

func token(id int64, name string, revoked bool) mockapi.GitLabToken {
	return mockapi.GitLabToken{ID: id, Name: name, Revoked: revoked, ExpiresAt: "2026-04-01", Value: fmt.Sprint("value-", id)}
}

func authorization(name string, created int64) mockapi.ServiceStageAuthorization {
	return mockapi.ServiceStageAuthorization{Project: "p", Name: name, CreateTime: created, Secret: "s-" + name}
}

func inventoryOf(tokens []mockapi.GitLabToken, auths ...mockapi.ServiceStageAuthorization) inventory {
	var inv inventory
	inv.GitLab.Tokens = tokens
	inv.ServiceStage.Authorizations = auths
	return inv
}

// Each kind of loss is found and named; a revoked token of the run's own (a lost create settled),
// or one that state itself marks revoked (a lost rotation), is none.
func TestCompare(t *testing.T) {
	seeded := inventoryOf([]mockapi.GitLabToken{token(1, "seed", false), token(2, "old", true)}, authorization("seed", 5))
	st := held{gitlab: map[int64]heldToken{
		10: {name: "chaos-0", value: "value-10"},
		11: {name: "chaos-1", value: "value-11"},
		14: {name: "chaos-3", value: "value-14", revoked: true},
		15: {name: "chaos-4", value: "stale"},
		19: {name: "chaos-9"},
	}, servicestage: map[string]heldAuthorization{"p/chaos-0": {token: "s-chaos-0"}, "p/chaos-1": {}, "p/chaos-6": {token: "old"}}}
	now := inventoryOf([]mockapi.GitLabToken{
		token(1, "seed", true),      // seeded, revoked: collateral
		token(2, "old", true),       // seeded revoked already: fine
		token(10, "chaos-0", false), // managed
		token(11, "chaos-1", true),  // managed, revoked: collateral
		token(12, "chaos-0", false), // live, in no state: an orphan, and a duplicate of 10
		token(13, "chaos-2", true),  // a lost create, revoked: fine
		token(14, "chaos-3", true),  // rotated without an answer; state says revoked: fine
		token(15, "chaos-4", false), // state holds another value: a mismatch
	}, authorization("seed", 6), authorization("chaos-0", 7), authorization("chaos-5", 8), authorization("chaos-6", 9))

	f := compare(seeded, now, st, at)
	want := findings{
		Orphans: []string{"GitLab token 12 (chaos-0) is active, and no state holds it",
			"ServiceStage authorization p/chaos-5 exists, and no state holds it"},
		Duplicates: []string{`2 active GitLab tokens are named "chaos-0"`},
		Collateral: []string{"GitLab token 1 (seed), seeded, is revoked",
			"GitLab token 11 (chaos-1), held in state, is revoked",
			"GitLab token 19 (chaos-9), held in state, does not exist",
			"ServiceStage authorization p/seed, seeded, was replaced",
			"ServiceStage authorization p/chaos-1, held in state, does not exist"},
		Mismatches: []string{"GitLab token 15 (chaos-4): state holds another value",
			"ServiceStage authorization p/chaos-6: state holds another token or host"},
	}
	for what, pair := range map[string][2][]string{"orphans": {f.Orphans, want.Orphans},
		"duplicates": {f.Duplicates, want.Duplicates}, "collateral": {f.Collateral, want.Collateral},
		"mismatches": {f.Mismatches, want.Mismatches}} {
		if !slices.Equal(pair[0], pair[1]) {
			t.Errorf("%s:\n got %q\nwant %q", what, pair[0], pair[1])
		}
	}
	st.destroying = true
	if f := compare(seeded, now, st, at); len(f.Collateral) != 2 || len(f.Orphans) != 2 {
		t.Errorf("a failed destroy's own revokes and deletes are no collateral, the seed's are: %q, %q", f.Collateral, f.Orphans)
	}
	if clean := compare(seeded, seeded, held{}, at); len(clean.all()) != 0 {
		t.Errorf("the seed against itself: %+v", clean)
	}
}

// A run is lost when a command fails twice, a refresh plans changes, the provider crashes, the
// state lacks blocks, or the inventory differs.
func TestLosses(t *testing.T) {
	clean := func() *report {
		return &report{N: 2, Phases: []*phase{{Name: phaseApply, Converged: true, Reruns: 1}, {Name: phaseRefresh, Converged: true},
			{Name: phaseDestroy, Converged: true}},
			Checks: []*check{{After: phaseApply, GitLabInState: 2, ServiceStageInState: 2}, {After: phaseDestroy},
				{After: "apply, try 1", Partial: true, GitLabInState: 1}}}
	}
	if losses := clean().losses(); len(losses) != 0 {
		t.Fatalf("a clean run: %q", losses)
	}
	for name, spoil := range map[string]func(r *report){
		"failed twice":   func(r *report) { r.Phases[0].Converged = false },
		"changes":        func(r *report) { r.Phases[1].Converged, r.Phases[1].Changes = false, "Plan: 1 to add" },
		"crash":          func(r *report) { r.Phases[2].Crashed = true },
		"missing blocks": func(r *report) { r.Checks[0].GitLabInState = 1 },
		"left behind":    func(r *report) { r.Checks[1].ServiceStageInState = 1 },
		"orphan":         func(r *report) { r.Checks[1].Findings.Orphans = []string{"x"} },
		"mismatch":       func(r *report) { r.Checks[0].Findings.Mismatches = []string{"x"} },
		"collateral masked by a re-run": func(r *report) {
			r.Checks = append(r.Checks, &check{After: "apply, try 1", Partial: true, Findings: findings{Collateral: []string{"x"}}})
		},
	} {
		r := clean()
		spoil(r)
		if losses := r.losses(); len(losses) != 1 {
			t.Errorf("%s: %q", name, losses)
		}
	}
}

func TestErrorSummaries(t *testing.T) {
	out := `
╷
│ Error: Cannot create GitLab project access token
│ 
│   with gitlab_project_access_token.t[3],
│   on main.tf line 9, in resource "gitlab_project_access_token" "t":
│    9: resource "gitlab_project_access_token" "t" {
│ 
│ GitLab answered 502 Bad Gateway.
│ No token was left behind. Run apply again.
╵
╷
│ Warning: Revoked a GitLab token created without confirmation
│ 
│ Creating token "x" failed.
╵
╷
│ Error: Bare
╵

Error: Cannot fetch a read token

  with ephemeral.developerconnect_read_token.t[1],
  on main.tf line 50:
  50: ephemeral "developerconnect_read_token" "t" {

Google is busy or unavailable;
run the command again later.
`
	want := []string{"Cannot create GitLab project access token: GitLab answered 502 Bad Gateway. No token was left behind. Run apply again.", "Bare",
		"Cannot fetch a read token: Google is busy or unavailable; run the command again later."}
	if got := errorSummaries([]byte(out)); !slices.Equal(got, want) {
		t.Errorf("%q", got)
	}
}
