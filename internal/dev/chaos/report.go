package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// report is what a run found.
type report struct {
	Seed        uint64
	N           int
	OneIn       int
	Parallelism int
	Slow        time.Duration
	// Injected are the faults the mock injected, by kind; Calls are all the API calls it received.
	Injected map[string]int
	Calls    int
	Phases   []*phase
	Checks   []*check
}

// phase is one command of the run and how it went.
type phase struct {
	Name      string
	Reruns    int
	Converged bool
	Crashed   bool
	// Changes, for the refresh plan, is what it would change: a fault taken for drift.
	Changes string
	// Errors are the summaries of the errors of the tries that failed.
	Errors []string
}

// check is the mock's inventory compared with the state after a phase, or after a try that
// failed (Partial: the state need not hold every block yet).
type check struct {
	After                              string
	Partial                            bool
	GitLabInState, ServiceStageInState int
	Findings                           findings
}

// losses are the reasons the run failed, one sentence each.
func (r *report) losses() []string {
	var out []string
	failedBefore := "" // a command that failed twice: what follows it may plan what it left undone
	for _, p := range r.Phases {
		switch {
		case p.Crashed:
			out = append(out, fmt.Sprintf("the provider crashed, or Terraform found a bug in it, during %s", p.Name))
		case p.Changes != "" && failedBefore != "":
			out = append(out, fmt.Sprintf("the %s would change what %s left undone:\n%s", p.Name, failedBefore, p.Changes))
		case p.Changes != "":
			out = append(out, fmt.Sprintf("the %s under faults would change:\n%s", p.Name, p.Changes))
		case !p.Converged:
			out = append(out, fmt.Sprintf("%s failed again on its re-run", p.Name))
			failedBefore = cmp.Or(failedBefore, p.Name)
		}
	}
	for _, c := range r.Checks {
		want := r.N
		if c.After == phaseDestroy {
			want = 0
		}
		if !c.Partial && (c.GitLabInState != want || c.ServiceStageInState != want) {
			out = append(out, fmt.Sprintf("after %s the state holds %d GitLab tokens and %d ServiceStage authorizations, not %d of each",
				c.After, c.GitLabInState, c.ServiceStageInState, want))
		}
		for _, s := range c.Findings.all() {
			out = append(out, fmt.Sprintf("after %s: %s", c.After, s))
		}
	}
	return out
}

// String is the report as printed: the run's settings and the line to replay it, the faults, the
// commands, the inventory checks, the errors of failed tries and the losses.
func (r *report) String() string {
	var w strings.Builder
	fmt.Fprintf(&w, "chaos: seed %d, N = %d of each type, about one API call in %d fails, parallelism %d\n",
		r.Seed, r.N, r.OneIn, r.Parallelism)
	fmt.Fprintf(&w, "replay: go run ./internal/dev/chaos -seed %d -n %d -one-in %d -slow %s -parallelism %d\n\n",
		r.Seed, r.N, r.OneIn, r.Slow, r.Parallelism)
	total := 0
	kinds := make([]string, 0, len(mockapi.ChaosKinds))
	for _, k := range mockapi.ChaosKinds {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, r.Injected[k]))
		total += r.Injected[k]
	}
	fmt.Fprintf(&w, "faults injected: %d of %d API calls (%s)\n\n", total, r.Calls, strings.Join(kinds, ", "))
	fmt.Fprintln(&w, "| command | re-runs | outcome |\n|---|---|---|")
	for _, p := range r.Phases {
		fmt.Fprintf(&w, "| %s | %d | %s |\n", p.Name, p.Reruns, p.outcome())
	}
	fmt.Fprintln(&w, "\n| inventory after | GitLab tokens in state | ServiceStage authorizations in state | orphans | duplicates | collateral | mismatches |\n|---|---|---|---|---|---|---|")
	for _, c := range r.Checks {
		f := c.Findings
		fmt.Fprintf(&w, "| %s | %d | %d | %d | %d | %d | %d |\n", c.After, c.GitLabInState, c.ServiceStageInState,
			len(f.Orphans), len(f.Duplicates), len(f.Collateral), len(f.Mismatches))
	}
	writeErrors(&w, r.Phases)
	losses := r.losses()
	if len(losses) == 0 {
		fmt.Fprintln(&w, "\nlosses: none")
		return w.String()
	}
	fmt.Fprintf(&w, "\nlosses: %d\n", len(losses))
	for _, l := range losses {
		fmt.Fprintln(&w, "- "+l)
	}
	return w.String()
}

func (p *phase) outcome() string {
	switch {
	case p.Crashed:
		return "provider crashed"
	case p.Changes != "":
		return "changes planned"
	case !p.Converged:
		return "failed twice"
	case p.Name == phaseRefresh:
		return "no changes"
	}
	return "converged"
}

// writeErrors lists the errors the failed tries printed, with how often each came, so that a
// reader can tell the designed ones ("run apply again") from surprises.
func writeErrors(w *strings.Builder, phases []*phase) {
	counts := map[string]int{}
	for _, p := range phases {
		for _, e := range p.Errors {
			counts[p.Name+": "+e]++
		}
	}
	if len(counts) == 0 {
		return
	}
	fmt.Fprintln(w, "\nerrors of the tries that failed:")
	for _, e := range slices.Sorted(maps.Keys(counts)) {
		fmt.Fprintf(w, "- %dx %s\n", counts[e], e)
	}
}
