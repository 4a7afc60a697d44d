// Command chaos shows that the provider loses nothing under faults (make chaos). Through the real
// Terraform CLI against the mock command, while the mock fails about one API call in -one-in with a
// fault drawn from -seed (429 with Retry-After, 500, 502, 503, slow answers, connections dropped
// after the request was processed), it applies N of each type, checks the mock's inventory against
// the state, plans a refresh that must be empty, destroys, and checks that the mock holds what it
// was seeded with. Each command may be run once more when it fails; that is a re-run. It prints the
// counts and exits 1 on any loss.
//
//	go run ./internal/dev/chaos -n 50 -seed 0 -one-in 5
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// options are the command line's flags, checked.
type options struct {
	n           int
	seed        uint64
	oneIn       int
	slow        time.Duration
	parallelism int
	// out is the folder for the output of the tries that failed.
	out string
}

func main() {
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "chaos:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	rep, err := run(ctx, opts, os.Stderr)
	stop()
	if rep != nil {
		fmt.Print(rep)
	}
	switch {
	case err != nil:
		fmt.Fprintln(os.Stderr, "chaos:", err)
		os.Exit(1)
	case len(rep.losses()) > 0:
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("chaos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 50, "blocks of each type")
	seed := fs.Uint64("seed", 0, "the seed the faults are drawn from; 0 draws one (printed, to replay the run)")
	oneIn := fs.Int("one-in", 5, "about one API call in this many fails")
	slow := fs.Duration("slow", 2*time.Second, "how long a slow answer is held back")
	parallelism := fs.Int("parallelism", 10, "terraform's -parallelism; 1 gives every call the same fault on replay")
	out := fs.String("out", "chaos-out", "folder for the whole output of each try that failed")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	opts := options{n: *n, seed: *seed, oneIn: *oneIn, slow: *slow, parallelism: *parallelism, out: *out}
	switch {
	case opts.n < 1:
		return options{}, fmt.Errorf("-n %d: at least 1", opts.n)
	case opts.oneIn < 1:
		return options{}, fmt.Errorf("-one-in %d: at least 1", opts.oneIn)
	case opts.slow < 0:
		return options{}, fmt.Errorf("-slow %v: must not be negative", opts.slow)
	case opts.parallelism < 1:
		return options{}, fmt.Errorf("-parallelism %d: at least 1", opts.parallelism)
	case opts.out == "":
		return options{}, errors.New("-out must name a folder")
	}
	if opts.seed == 0 {
		opts.seed = rand.Uint64N(1<<32) + 1 // short enough to type back in
	}
	return opts, nil
}

// logf reports progress on stderr, so that stdout holds only the report.
func logf(w io.Writer, format string, args ...any) {
	_, _ = fmt.Fprintf(w, "%s  %s\n", time.Now().Format(time.TimeOnly), fmt.Sprintf(format, args...))
}
