package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// The three commands timed in each run, in order, on one workspace.
const (
	phaseApply   = "apply"
	phaseRefresh = "refresh"
	phaseDestroy = "destroy"
)

var (
	applyArgs = []string{"apply", "-auto-approve", "-input=false", "-no-color"}
	// A plan of the unchanged configuration refreshes every resource: what CI does on every push.
	// -detailed-exitcode tells an empty plan (0) from one with changes (2).
	refreshArgs = []string{"plan", "-detailed-exitcode", "-input=false", "-no-color"}
	destroyArgs = []string{"destroy", "-auto-approve", "-input=false", "-no-color"}
)

var phases = []struct {
	name string
	args []string
}{{phaseApply, applyArgs}, {phaseRefresh, refreshArgs}, {phaseDestroy, destroyArgs}}

// phaseRun is what one command of one run cost.
type phaseRun struct {
	Seconds float64 `json:"seconds"`
	// Calls are the mock's calls per route made during the command.
	Calls map[string]int `json:"calls"`
	// PeakRSSKiB is the highest VmHWM of the provider processes the command started; 0 when it
	// started none.
	PeakRSSKiB int64 `json:"peak_rss_kib"`
}

// runResult is one run of one workload: its phases by name.
type runResult map[string]phaseRun

// bench holds what every run shares: the terraform runner, the mock and the temporary root.
type bench struct {
	tf   *terraform
	mock *devenv.Mock
	root string
	dirs int // workspaces made so far, to name the next one
}

// measureN seeds what the workloads read, runs every workload runs times, interleaved, and returns
// their summaries, the floor first.
func (b *bench) measureN(ctx context.Context, n, runs int, ws []*workload) (results []result, err error) {
	seeds, err := b.applySeeds(ctx, n, ws)
	// The seeds are destroyed even when a run fails, so that the next N starts from the fixtures.
	defer func() { err = errors.Join(err, b.destroySeeds(ctx, seeds)) }()
	if err != nil {
		return nil, err
	}

	samples := make([][]runResult, len(ws))
	for r := range runs {
		// Each run starts one workload further on, so that no workload always runs first, or
		// always right after the same one: drifts of the machine spread over all of them.
		for k := range ws {
			i := (k + r) % len(ws)
			res, err := b.runOnce(ctx, ws[i], n)
			if err != nil {
				return nil, err
			}
			logf("N=%d run %d/%d %-28s apply %6.2fs  refresh %6.2fs  destroy %6.2fs", n, r+1, runs, ws[i].name,
				res[phaseApply].Seconds, res[phaseRefresh].Seconds, res[phaseDestroy].Seconds)
			samples[i] = append(samples[i], res)
		}
	}
	return summarise(n, ws, samples), nil
}

// runOnce applies, refreshes and destroys N blocks of w in a fresh workspace.
func (b *bench) runOnce(ctx context.Context, w *workload, n int) (runResult, error) {
	if w.before != nil {
		if err := w.before(ctx, b.mock); err != nil {
			return nil, err
		}
	}
	dir, err := b.writeWorkspace(fmt.Sprintf("%s-%d", w.name, n), w.config(n))
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(dir) }()

	res := runResult{}
	for _, p := range phases {
		pr, err := b.command(ctx, dir, p.args)
		if err != nil {
			return nil, phaseError(p.name, fmt.Sprintf("%d %s", n, w.name), err)
		}
		res[p.name] = pr
	}
	if w.check != nil {
		if err := w.check(n, res); err != nil {
			return nil, fmt.Errorf("%d %s: %w", n, w.name, err)
		}
	}
	return res, nil
}

// command runs one timed terraform command in dir, and counts the mock's calls during it.
func (b *bench) command(ctx context.Context, dir string, args []string) (phaseRun, error) {
	before, err := callCounts(ctx, b.mock)
	if err != nil {
		return phaseRun{}, err
	}
	took, peakKiB, err := b.tf.timed(ctx, dir, args...)
	if err != nil {
		return phaseRun{}, err
	}
	after, err := callCounts(ctx, b.mock)
	if err != nil {
		return phaseRun{}, err
	}
	return phaseRun{Seconds: took.Seconds(), Calls: callsBetween(before, after), PeakRSSKiB: peakKiB}, nil
}

// phaseError says which command failed, on what; a refresh plan that found changes fails too.
func phaseError(phase, what string, err error) error {
	if phase == phaseRefresh && devenv.ExitCode(err) == 2 {
		return fmt.Errorf("the refresh plan of %s is not empty: %w", what, err)
	}
	return fmt.Errorf("%s of %s: %w", phase, what, err)
}

// applySeeds applies, untimed, the seed of each workload that has one, and returns their
// workspaces.
func (b *bench) applySeeds(ctx context.Context, n int, ws []*workload) ([]string, error) {
	var dirs []string
	for _, w := range ws {
		if w.seed == nil {
			continue
		}
		logf("N=%d seeding what %s reads", n, w.name)
		dir, err := b.writeWorkspace(fmt.Sprintf("seed-%s-%d", w.name, n), w.seed(n))
		if err != nil {
			return dirs, err
		}
		dirs = append(dirs, dir)
		if _, _, err := b.tf.timed(ctx, dir, applyArgs...); err != nil {
			return dirs, fmt.Errorf("seeding %s: %w", w.name, err)
		}
	}
	return dirs, nil
}

// destroySeeds destroys the seeds, unless the benchmark was interrupted: the mock, and all it
// holds, goes with it then.
func (b *bench) destroySeeds(ctx context.Context, dirs []string) error {
	var errs []error
	for _, dir := range dirs {
		select {
		case <-ctx.Done():
			return nil
		default:
		}
		if _, _, err := b.tf.timed(ctx, dir, destroyArgs...); err != nil {
			errs = append(errs, fmt.Errorf("destroying the seed in %s: %w", dir, err))
			continue
		}
		_ = os.RemoveAll(dir)
	}
	return errors.Join(errs...)
}

// workdir makes a fresh folder under the benchmark's temporary root.
func (b *bench) workdir(name string) (string, error) {
	b.dirs++
	dir := filepath.Join(b.root, fmt.Sprintf("%04d-%s", b.dirs, name))
	return dir, os.Mkdir(dir, 0o700)
}

// writeWorkspace makes a fresh folder holding main.tf.
func (b *bench) writeWorkspace(name, mainTF string) (string, error) {
	dir, err := b.workdir(name)
	if err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(mainTF), 0o600)
}

// callCounts returns the mock's counts of calls per route since it started.
func callCounts(ctx context.Context, m *devenv.Mock) (map[string]int, error) {
	var calls map[string]int
	err := m.Control(ctx, mockapi.RouteCalls, nil, &calls)
	return calls, err
}

// callsBetween returns the calls per route made between two readings of the mock's counters.
func callsBetween(before, after map[string]int) map[string]int {
	calls := map[string]int{}
	for route, count := range after {
		if d := count - before[route]; d > 0 {
			calls[route] = d
		}
	}
	return calls
}
