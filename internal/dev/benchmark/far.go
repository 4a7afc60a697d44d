package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// The far-API case: what a refresh of GitLab tokens costs when the API is far away. The same
// configuration is applied in two workspaces, one against a mock with no latency (near) and one
// against a mock that holds every answer back (far), and their refresh plans are timed in turn.

// A farCase is one configuration of the far-API case, with its targets (README, "Benchmarks").
type farCase struct {
	name     string
	projects []string
	// maxRatio is the most the far refresh may take over the near one; 0 for no target.
	maxRatio float64
}

// farCases are N tokens in one project, and the same N spread over the mock's bench projects.
func farCases() []farCase {
	spread := make([]string, mockapi.GitLabBenchProjects)
	for i := range spread {
		spread[i] = mockapi.GitLabBenchProject(i + 1)
	}
	return []farCase{
		{name: "one project", projects: []string{gitlabProject}, maxRatio: 1.3},
		{name: fmt.Sprintf("%d projects", len(spread)), projects: spread},
	}
}

// maxCalls is the target of GitLab calls per refresh: one list call per page of 100 tokens of
// each project, and nothing else.
func (c farCase) maxCalls(n int) float64 {
	perProject := (n + len(c.projects) - 1) / len(c.projects)
	return float64(len(c.projects) * max((perProject+99)/100, 1))
}

// farResult is one far case's refresh, near and far.
type farResult struct {
	Case     string        `json:"case"`
	Projects int           `json:"projects"`
	N        int           `json:"n"`
	Near     *phaseSummary `json:"near"`
	Far      *phaseSummary `json:"far"`
	// Ratio is the far refresh's median over the near one's.
	Ratio    float64 `json:"ratio"`
	MaxRatio float64 `json:"max_ratio,omitempty"`
	MaxCalls float64 `json:"max_calls"`
}

// sideNames name the two mocks, near first, as farSides orders them.
var sideNames = [2]string{"near", "far"}

// measureFar starts a near and a far mock and measures every far case at n, runs times each.
func measureFar(ctx context.Context, cliConfig, root string, latency time.Duration, n, runs int) ([]farResult, error) {
	var sides [2]*bench
	for i, l := range []time.Duration{0, latency} {
		b, err := startSide(ctx, cliConfig, root, sideNames[i], l)
		if err != nil {
			return nil, err
		}
		defer b.mock.Stop()
		sides[i] = b
	}
	var results []farResult
	for _, c := range farCases() {
		r, err := measureFarCase(ctx, sides, c, n, runs)
		if err != nil {
			return nil, err
		}
		results = append(results, r)
	}
	return results, nil
}

// startSide starts a mock of its own, with latency, and the terraform runner pointed at it.
func startSide(ctx context.Context, cliConfig, root, name string, latency time.Duration) (*bench, error) {
	dir := filepath.Join(root, "mock-"+name)
	if err := os.Mkdir(dir, 0o700); err != nil {
		return nil, err
	}
	logf("starting the %s mock (latency %v)", name, latency)
	mock, err := devenv.StartMock(ctx, dir, "-latency", latency.String())
	if err != nil {
		return nil, err
	}
	return &bench{tf: &terraform{devenv.Terraform{Env: devenv.TerraformEnv(cliConfig, mock.URL)}}, mock: mock, root: root}, nil
}

// measureFarCase applies the case near and far, untimed, then times their refresh plans in turn,
// each run starting with the other side. Nothing is destroyed: the mocks, and all they hold, stop
// with the far-API case, and no other case uses the case's projects.
func measureFarCase(ctx context.Context, sides [2]*bench, c farCase, n, runs int) (farResult, error) {
	var dirs [2]string
	for i, b := range sides {
		dir, err := b.writeWorkspace(fmt.Sprintf("far-%d-projects-%s", len(c.projects), sideNames[i]), gitlabTokens(n, c.projects))
		if err != nil {
			return farResult{}, err
		}
		logf("far API, %s: applying %d tokens %s", c.name, n, sideNames[i])
		if _, _, err := b.tf.timed(ctx, dir, applyArgs...); err != nil {
			return farResult{}, fmt.Errorf("far API, %s, %s: %w", c.name, sideNames[i], err)
		}
		dirs[i] = dir
	}
	var samples [2][]runResult
	for r := range runs {
		for k := range sides {
			i := (k + r) % len(sides)
			pr, err := sides[i].command(ctx, dirs[i], refreshArgs)
			if err != nil {
				return farResult{}, phaseError(phaseRefresh, fmt.Sprintf("the far API case %s (%s)", c.name, sideNames[i]), err)
			}
			logf("far API, %s, run %d/%d: refresh %s %6.2fs, %v GitLab calls", c.name, r+1, runs, sideNames[i], pr.Seconds, gitlabCalls(pr.Calls))
			samples[i] = append(samples[i], runResult{phaseRefresh: pr})
		}
	}
	res := farResult{Case: c.name, Projects: len(c.projects), N: n, MaxRatio: c.maxRatio, MaxCalls: c.maxCalls(n),
		Near: summarisePhase(samples[0], phaseRefresh), Far: summarisePhase(samples[1], phaseRefresh)}
	if res.Near.MedianSeconds > 0 {
		res.Ratio = res.Far.MedianSeconds / res.Near.MedianSeconds
	}
	return res, nil
}

// gitlabCalls adds up the calls of GitLab's routes.
func gitlabCalls[V int | float64](calls map[string]V) V {
	var total V
	for route, count := range calls {
		if strings.Contains(route, " /gitlab/") {
			total += count
		}
	}
	return total
}

// met says whether the result meets its targets, and what they are.
func (r farResult) met() (string, bool) {
	targets := []string{fmt.Sprintf("≤ %g calls", r.MaxCalls)}
	ok := gitlabCalls(r.Far.MedianCalls) <= r.MaxCalls && gitlabCalls(r.Near.MedianCalls) <= r.MaxCalls
	if r.MaxRatio > 0 {
		targets = append([]string{fmt.Sprintf("≤ %g×", r.MaxRatio)}, targets...)
		ok = ok && r.Ratio <= r.MaxRatio
	}
	return strings.Join(targets, ", "), ok
}

// farTable renders the far-API results as Markdown; "" when there are none.
func (rep *report) farTable() string {
	if len(rep.Far) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n### Far API: N = %d GitLab tokens, refreshed with no latency and %s away\n\n", rep.Far[0].N,
		formatLatency(rep.FarLatencyMS))
	fmt.Fprintf(&b, "| case | refresh s, no latency | refresh s, %s | × no latency | GitLab calls per refresh | target |\n",
		formatLatency(rep.FarLatencyMS))
	b.WriteString("|---|--:|--:|--:|---|---|\n")
	for _, r := range rep.Far {
		targets, ok := r.met()
		verdict := "met"
		if !ok {
			verdict = "missed"
		}
		fmt.Fprintf(&b, "| %s | %.2f | %.2f | %.2f | %s | %s: %s |\n", r.Case, r.Near.MedianSeconds, r.Far.MedianSeconds,
			r.Ratio, callsText(r.Far.MedianCalls), targets, verdict)
	}
	return b.String()
}
