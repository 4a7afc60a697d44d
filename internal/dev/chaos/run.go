package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// The run's commands, in order, by their names in the report.
const (
	phaseApply   = "apply"
	phaseRotate  = "rotate and replace"
	phaseRefresh = "refresh plan"
	phaseDestroy = "destroy"
)

// rotateAfter moves the provider's clock to when the GitLab tokens of config are due for rotation
// (30 days' lifetime, rotated 7 days before the end) but not yet expired.
const rotateAfter = 25 * 24 * time.Hour

// runner holds what the run's steps share.
type runner struct {
	opts options
	tf   *devenv.Terraform
	mock *devenv.Mock
	dir  string
	log  io.Writer
	rep  *report
	// seeded is what the mock held before the run, bystanders included.
	seeded inventory
}

// run builds the provider and the mock, runs apply, a refresh plan and destroy under faults, and
// reports. An error means the run could not be carried out; what it found is in the report.
func run(ctx context.Context, opts options, log io.Writer) (*report, error) {
	root, err := os.MkdirTemp("", "gitauth-chaos-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(root) }()
	logf(log, "building the provider and the mock")
	cliConfig, err := devenv.Build(root)
	if err != nil {
		return nil, err
	}
	mock, err := devenv.StartMock(ctx, root)
	if err != nil {
		return nil, err
	}
	defer mock.Stop()
	dir := filepath.Join(root, "work")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config(opts.n)), 0o600); err != nil {
		return nil, err
	}
	if err := clearKept(opts.out); err != nil {
		return nil, err
	}
	r := &runner{opts: opts, tf: &devenv.Terraform{Env: devenv.TerraformEnv(cliConfig, mock.URL)}, mock: mock,
		dir: dir, log: log, rep: &report{Seed: opts.seed, N: opts.n, OneIn: opts.oneIn, Slow: opts.slow, Parallelism: opts.parallelism}}
	err = r.steps(ctx)
	if err != nil || len(r.rep.losses()) > 0 {
		err = errors.Join(err, r.keepState())
	}
	return r.rep, err
}

// steps runs the commands under faults and checks the mock after each of them but the refresh plan.
func (r *runner) steps(ctx context.Context) error {
	if err := r.start(ctx); err != nil {
		return err
	}
	parallelism := "-parallelism=" + strconv.Itoa(r.opts.parallelism)
	apply := []string{"apply", "-auto-approve", "-input=false", "-no-color", parallelism}
	// Days later, every GitLab token is due for rotation, and every private token gets a new token,
	// which replaces its authorization: the calls whose cleanups could hit managed credentials.
	later := time.Now().UTC().Add(rotateAfter).Truncate(time.Second).Format(time.RFC3339)
	for _, s := range []struct {
		phase string
		env   []string
		args  []string
	}{
		{phaseApply, nil, apply},
		{phaseRotate, []string{"GITAUTH_NOW=" + later, "TF_VAR_round=2"}, apply},
		{phaseRefresh, nil, []string{"plan", "-detailed-exitcode", "-input=false", "-no-color", parallelism}},
		{phaseDestroy, nil, []string{"destroy", "-auto-approve", "-input=false", "-no-color", parallelism}},
	} {
		r.tf = r.tf.With(s.env...)
		if err := r.converge(ctx, s.phase, s.args...); err != nil {
			return err
		}
		if s.phase == phaseRefresh {
			continue // a plan changes nothing
		}
		if err := r.check(ctx, s.phase, false); err != nil {
			return err
		}
	}
	return r.finish(ctx)
}

// start makes the bystanders, notes what the mock holds, and turns the faults on.
func (r *runner) start(ctx context.Context) error {
	if err := addBystanders(ctx, r.mock.URL, time.Now()); err != nil {
		return err
	}
	seeded, err := r.inventory(ctx)
	if err != nil {
		return err
	}
	r.seeded = seeded
	chaos := mockapi.Chaos{Seed: r.opts.seed, OneIn: r.opts.oneIn, SlowMS: int(r.opts.slow / time.Millisecond), RetryAfter: 1}
	if err := r.mock.Control(ctx, mockapi.RouteFaults, mockapi.FaultRequest{Chaos: &chaos}, nil); err != nil {
		return err
	}
	logf(r.log, "faults on: seed %d, about one call in %d", r.opts.seed, r.opts.oneIn)
	return nil
}

// finish reads the faults injected and the calls made, and turns the faults off.
func (r *runner) finish(ctx context.Context) error {
	var counts mockapi.FaultCounts
	if err := r.mock.Control(ctx, mockapi.RouteFaultCounts, nil, &counts); err != nil {
		return err
	}
	r.rep.Injected = counts.Injected
	var calls map[string]int
	if err := r.mock.Control(ctx, mockapi.RouteCalls, nil, &calls); err != nil {
		return err
	}
	for _, n := range calls {
		r.rep.Calls += n
	}
	return r.mock.Control(ctx, mockapi.RouteClearFaults, nil, nil)
}

// converge runs a command, and once more if it fails. A refresh plan that finds changes is a loss
// at once: a fault was taken for drift.
func (r *runner) converge(ctx context.Context, name string, args ...string) error {
	p := &phase{Name: name}
	r.rep.Phases = append(r.rep.Phases, p)
	for try := 1; try <= 2; try++ {
		p.Reruns = try - 1
		logf(r.log, "%s (try %d)", name, try)
		out, err := r.terraform(ctx, args...)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		p.Crashed = p.Crashed || crashed(out)
		code := devenv.ExitCode(err)
		switch {
		case code == 0:
			p.Converged = true
			return nil
		case code < 0:
			return fmt.Errorf("terraform %s: %w", args[0], err)
		case name == phaseRefresh && code == 2:
			p.Changes = planSummary(out)
			return nil
		}
		p.Errors = append(p.Errors, errorSummaries(out)...)
		if err := r.keep(name, try, out); err != nil {
			return err
		}
		// A re-run may replace what this try's cleanup wrongly revoked: look before it does.
		if err := r.check(ctx, fmt.Sprintf("%s, try %d", name, try), true); err != nil {
			return err
		}
	}
	return nil
}

// keptForm names what the run writes into the -out folder, so that a new run clears only that.
const keptForm = "*-try*.log"

// clearKept removes what an earlier run left in the -out folder.
func clearKept(dir string) error {
	kept, err := filepath.Glob(filepath.Join(dir, keptForm))
	kept = append(kept, filepath.Join(dir, "terraform.tfstate"))
	for _, f := range kept {
		err = errors.Join(err, os.Remove(f))
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// keepState copies the workspace's state into the -out folder, for a run that found a loss.
func (r *runner) keepState() error {
	state, err := os.ReadFile(filepath.Join(r.dir, "terraform.tfstate"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(r.opts.out, 0o750); err != nil {
		return err
	}
	logf(r.log, "the state is kept in %s", filepath.Join(r.opts.out, "terraform.tfstate"))
	return os.WriteFile(filepath.Join(r.opts.out, "terraform.tfstate"), state, 0o600)
}

// keep writes the whole output of a try that failed into the -out folder.
func (r *runner) keep(phase string, try int, out []byte) error {
	if err := os.MkdirAll(r.opts.out, 0o750); err != nil {
		return err
	}
	name := filepath.Join(r.opts.out, fmt.Sprintf("%s-try%d.log", strings.ReplaceAll(phase, " ", "-"), try))
	logf(r.log, "%s failed; its output is in %s", phase, name)
	return os.WriteFile(name, out, 0o600)
}

// check compares the mock's inventory with the state after a phase, or after a failed try.
func (r *runner) check(ctx context.Context, after string, partial bool) error {
	out, err := r.terraform(ctx, "show", "-json")
	if err != nil {
		return fmt.Errorf("terraform show -json: %w\n%s", err, out)
	}
	st, err := heldIn(out)
	if err != nil {
		return err
	}
	now, err := r.inventory(ctx)
	if err != nil {
		return err
	}
	st.destroying = strings.HasPrefix(after, phaseDestroy)
	r.rep.Checks = append(r.rep.Checks, &check{After: after, Partial: partial, GitLabInState: len(st.gitlab),
		ServiceStageInState: len(st.servicestage), Findings: compare(r.seeded, now, st, time.Now())})
	return nil
}

func (r *runner) inventory(ctx context.Context) (inventory, error) {
	var inv inventory
	err := r.mock.Control(ctx, mockapi.RouteInventory, nil, &inv)
	return inv, err
}

// terraform runs a command in the workspace and returns all it printed.
func (r *runner) terraform(ctx context.Context, args ...string) ([]byte, error) {
	cmd := r.tf.Command(ctx, r.dir, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// crashed reports whether the provider panicked or stopped answering during a command, or
// Terraform caught it breaking the protocol (an inconsistent result, an invalid plan).
func crashed(out []byte) bool {
	for _, sign := range []string{"panic:", "The plugin encountered an error", "Plugin did not respond",
		"This is a bug in the provider"} {
		if bytes.Contains(out, []byte(sign)) {
			return true
		}
	}
	return false
}

// errorSummaries returns, for every error a command printed, its summary and its detail, which
// says what happened and what to do. A diagnostic runs until the next one starts.
func errorSummaries(out []byte) []string {
	var found []string
	var block []string // the lines of the current error, its summary first
	flush := func() {
		if len(block) > 0 {
			found = append(found, block[0]+detail(block[1:]))
		}
		block = nil
	}
	for line := range strings.Lines(string(out)) {
		line = strings.TrimSpace(strings.Trim(strings.TrimSpace(line), "╷│╵"))
		summary, isError := strings.CutPrefix(line, "Error: ")
		switch {
		case isError:
			flush()
			block = []string{summary}
		case strings.HasPrefix(line, "Warning: "):
			flush()
		case block != nil:
			block = append(block, line)
		}
	}
	flush()
	return found
}

// detail returns a diagnostic's text, without the "with" and "on" lines and the source they
// quote, on one line, as ": text", or "" when there is none.
func detail(lines []string) string {
	var kept []string
	for _, line := range lines {
		if line == "" || strings.HasPrefix(line, "with ") || strings.HasPrefix(line, "on ") || sourceLine.MatchString(line) {
			continue
		}
		kept = append(kept, line)
	}
	if len(kept) == 0 {
		return ""
	}
	return ": " + strings.Join(kept, " ")
}

// sourceLine is a line of configuration a diagnostic quotes, such as "12: resource ...".
var sourceLine = regexp.MustCompile(`^[0-9]+:`)

// planSummary returns the plan's "Plan: ..." line and the addresses it would change.
func planSummary(out []byte) string {
	var lines []string
	for line := range strings.Lines(string(out)) {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "# ") || strings.HasPrefix(t, "Plan: ") {
			lines = append(lines, t)
		}
	}
	return strings.Join(lines, "\n")
}
