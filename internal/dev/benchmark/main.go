// Command benchmark measures the provider through the real Terraform CLI against the mock APIs
// (make bench). For each N it applies, refreshes (a plan of the unchanged configuration) and
// destroys N blocks of each type and the same N of terraform_data, Terraform's own floor, and
// reports the median wall times, their ratio to the floor, the API calls per route and the
// provider's peak RSS: a Markdown table on stdout, and bench.md, bench.json and refresh.svg in the
// output folder.
//
// Then, unless -far is 0, the far-API case: N GitLab tokens in one project, then over many, refreshed
// in turn against a mock with no latency and one far away (far.go).
//
//	go run ./internal/dev/benchmark -n 100,500 -runs 3 -latency 0 -far 100ms -far-n 300 -out bench-out
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
)

// options are the command line's flags, checked.
type options struct {
	ns        []int
	runs      int
	latency   time.Duration
	out       string
	workloads []*workload // the floor first, then the types asked for
	// far is the far mock's latency in the far-API case, 0 to leave it out; farN its tokens.
	far  time.Duration
	farN int
}

func main() {
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchmark:", err)
		os.Exit(2)
	}
	// Ctrl-C interrupts the terraform command under way (as Terraform expects), then cleans up.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = run(ctx, opts)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchmark:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("benchmark", flag.ContinueOnError)
	fs.SetOutput(stderr)
	ns := fs.String("n", "100,500", "comma-separated numbers of blocks per configuration, such as 100,500,1000")
	runs := fs.Int("runs", 3, "runs per N; the runs of one N are interleaved across the configurations")
	latency := fs.Duration("latency", 0, "a fixed delay the mock adds to every API answer, such as 20ms")
	out := fs.String("out", "bench-out", "folder for bench.md, bench.json and refresh.svg")
	types := fs.String("types", strings.Join(typeNames(), ","),
		"comma-separated types to measure (terraform_data, the floor, is always measured)")
	far := fs.Duration("far", 100*time.Millisecond, "the far-API case: GitLab refreshes with no latency and with this one; "+
		"0 leaves it out, as does -types without gitlab_project_access_token")
	farN := fs.Int("far-n", 300, "GitLab tokens in the far-API case")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	opts := options{runs: *runs, latency: *latency, out: *out, far: *far, farN: *farN}
	var err error
	if opts.ns, err = parseNs(*ns); err != nil {
		return options{}, err
	}
	if opts.workloads, err = pickWorkloads(*types); err != nil {
		return options{}, err
	}
	if !slices.ContainsFunc(opts.workloads, func(w *workload) bool { return w.name == gitlabType }) {
		opts.far = 0
	}
	switch {
	case opts.runs < 1:
		return options{}, fmt.Errorf("-runs %d: at least 1", opts.runs)
	case opts.latency < 0 || opts.far < 0:
		return options{}, fmt.Errorf("-latency %v, -far %v: must not be negative", opts.latency, opts.far)
	case opts.farN < 1:
		return options{}, fmt.Errorf("-far-n %d: at least 1", opts.farN)
	case opts.out == "":
		return options{}, errors.New("-out must name a folder")
	}
	return opts, nil
}

// parseNs reads -n: positive whole numbers, sorted and without repeats, as the chart's x axis.
func parseNs(s string) ([]int, error) {
	var ns []int
	for field := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-n %q: want positive whole numbers separated by commas", s)
		}
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return slices.Compact(ns), nil
}

// pickWorkloads returns the floor and the workloads of the named types, in the fixed order of
// workloads, so that tables and charts always list them alike.
func pickWorkloads(types string) ([]*workload, error) {
	asked := map[string]bool{}
	for name := range strings.SplitSeq(types, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if name != floor.name && findWorkload(name) == nil {
			return nil, fmt.Errorf("-types: unknown type %q; the types are %s", name, strings.Join(typeNames(), ", "))
		}
		asked[name] = true
	}
	picked := []*workload{floor}
	for _, w := range workloads {
		if asked[w.name] {
			picked = append(picked, w)
		}
	}
	return picked, nil
}

// run builds the provider and the mock once, measures every N, and writes the report.
func run(ctx context.Context, opts options) error {
	root, err := os.MkdirTemp("", "gitauth-bench-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(root) }()

	logf("building the provider")
	cliConfig, err := devenv.Build(root)
	if err != nil {
		return err
	}
	logf("building and starting the mock APIs (latency %v)", opts.latency)
	mock, err := devenv.StartMock(ctx, root, "-latency", opts.latency.String())
	if err != nil {
		return err
	}
	defer mock.Stop()

	tf := &terraform{devenv.Terraform{Env: devenv.TerraformEnv(cliConfig, mock.URL)}}
	version, err := tf.version(ctx)
	if err != nil {
		return err
	}
	rep := &report{
		Started:     time.Now().UTC().Format(time.RFC3339),
		Terraform:   version,
		Go:          runtime.Version(),
		CPUs:        runtime.NumCPU(),
		LatencyMS:   float64(opts.latency) / float64(time.Millisecond),
		Runs:        opts.runs,
		Parallelism: 10, // Terraform's default, which the benchmark keeps
	}
	b := &bench{tf: tf, mock: mock, root: root}
	for _, n := range opts.ns {
		results, err := b.measureN(ctx, n, opts.runs, opts.workloads)
		if err != nil {
			return err
		}
		rep.Results = append(rep.Results, results...)
	}
	if opts.far > 0 {
		rep.FarLatencyMS = float64(opts.far) / float64(time.Millisecond)
		if rep.Far, err = measureFar(ctx, cliConfig, root, opts.far, opts.farN, opts.runs); err != nil {
			return err
		}
	}
	return rep.write(os.Stdout, opts.out)
}

// logf reports progress on stderr, so that stdout holds only the table.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  %s\n", time.Now().Format(time.TimeOnly), fmt.Sprintf(format, args...))
}
