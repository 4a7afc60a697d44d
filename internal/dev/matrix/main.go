// Command matrix runs what depends on the engine under each engine given (make matrix): the
// acceptance tests less those marked engine-independent (go test -short), the check of every
// example and the demo. An engine is the path of a Terraform or OpenTofu binary; with none given,
// it runs under the Terraform and OpenTofu that ../shared/engines unpacks. It prints per engine
// what passed, failed and was skipped, and why, keeps every output in -out, and exits 1 if
// anything failed.
//
//	go run ./internal/dev/matrix                      # the shared engines
//	go run ./internal/dev/matrix /usr/local/bin/tofu  # any binary
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// sharedEngines is the script that unpacks the shared engines, from the module root, and prints
// one "NAME VERSION PATH" line per engine.
const sharedEngines = "../shared/engines/install"

func main() {
	fs := flag.NewFlagSet("matrix", flag.ContinueOnError)
	out := fs.String("out", "matrix-out", "folder for the output of every run")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	results, err := run(ctx, fs.Args(), *out, os.Stderr)
	fmt.Print(report(results))
	if err != nil {
		fmt.Fprintln(os.Stderr, "matrix:", err)
		os.Exit(1)
	}
	for _, r := range results {
		if !r.passed() {
			os.Exit(1)
		}
	}
}

// run runs the matrix under engines, or the shared ones when none is given.
func run(ctx context.Context, engines []string, out string, progress io.Writer) ([]*result, error) {
	if len(engines) == 0 {
		var err error
		if engines, err = unpackShared(ctx); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	var results []*result
	for _, engine := range engines {
		r, err := runEngine(ctx, engine, out, progress)
		if err != nil {
			return results, err
		}
		results = append(results, r)
	}
	return results, nil
}

// unpackShared unpacks the shared engines and returns their paths.
func unpackShared(ctx context.Context) ([]string, error) {
	listing, err := exec.CommandContext(ctx, "bash", sharedEngines).Output()
	if exit := (*exec.ExitError)(nil); errors.As(err, &exit) {
		err = fmt.Errorf("%w: %s", err, bytes.TrimSpace(exit.Stderr))
	}
	if err != nil {
		return nil, fmt.Errorf("no engine given, and %s failed: %w", sharedEngines, err)
	}
	var paths []string
	for line := range strings.Lines(string(listing)) {
		if fields := strings.Fields(line); len(fields) == 3 {
			paths = append(paths, fields[2])
		}
	}
	if len(paths) < 2 {
		return nil, fmt.Errorf("%s gave %d engines, want Terraform and OpenTofu", sharedEngines, len(paths))
	}
	return paths, nil
}

// versionLine is the line an engine's version command starts its answer with, after any warning.
var versionLine = regexp.MustCompile(`(?m)^(Terraform|OpenTofu) v\S+`)

// runEngine runs the tests, the example checks and the demo under engine.
func runEngine(ctx context.Context, engine, out string, progress io.Writer) (*result, error) {
	path, err := exec.LookPath(engine)
	if err != nil {
		return nil, err
	}
	if path, err = filepath.Abs(path); err != nil {
		return nil, err
	}
	printed, err := exec.CommandContext(ctx, path, "version").Output()
	name := versionLine.FindString(string(printed))
	if err != nil || name == "" {
		return nil, fmt.Errorf("%s version: %v\n%s", path, err, printed)
	}
	r := &result{engine: name}
	env := append(os.Environ(), "TF_ACC=1", "TF_ACC_TERRAFORM_PATH="+path)
	base := filepath.Join(out, strings.ReplaceAll(name, " ", "-"))

	step(progress, name, "acceptance tests (go test -short)")
	began := time.Now()
	r.tests, err = runTests(ctx, env, base+"-tests.json")
	r.testsTook = time.Since(began)
	if err != nil {
		return nil, err
	}
	step(progress, name, "validate every example")
	r.examples = runLogged(ctx, env, base+"-examples.log", "bash", ".ci/validate-examples")
	step(progress, name, "the demo")
	r.demo = runLogged(ctx, env, base+"-demo.log", "bash", "examples/demo/run.sh")
	return r, nil
}

// step says what runs now, under engine.
func step(progress io.Writer, engine, what string) {
	_, _ = fmt.Fprintf(progress, "==> %s: %s\n", engine, what)
}

// runTests runs the acceptance tests that depend on the engine, with go test's events written to
// file, and returns their outcome.
func runTests(ctx context.Context, env []string, file string) (*outcome, error) {
	events, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	defer func() { _ = events.Close() }()
	cmd := exec.CommandContext(ctx, "go", "test", "-json", "-short", "-count=1", "-timeout", "20m", "-run", "^TestAcc", "./...")
	cmd.Env = env
	o := newOutcome()
	reader, writer := io.Pipe()
	// go test writes its events on stdout and what stops a package from building on stderr.
	cmd.Stdout, cmd.Stderr = io.MultiWriter(events, writer), &o.stderr
	parsed := make(chan error, 1)
	go func() { parsed <- o.read(reader) }()
	runErr := cmd.Run()
	_ = writer.Close()
	if err := <-parsed; err != nil {
		return nil, err
	}
	var exit *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exit) {
		return nil, runErr
	}
	o.exitCode = cmd.ProcessState.ExitCode()
	return o, nil
}

// runLogged runs name with args, its output written to file, and returns the error, if any.
func runLogged(ctx context.Context, env []string, file, name string, args ...string) error {
	log, err := os.Create(file)
	if err != nil {
		return err
	}
	defer func() { _ = log.Close() }()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%w (output in %s)", err, file)
	}
	return nil
}
