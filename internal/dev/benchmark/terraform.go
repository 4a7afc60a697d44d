package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
)

// terraform runs the engine (devenv.Engine) with the benchmark's environment.
type terraform struct {
	devenv.Terraform
}

// commandError is a failed terraform command, with everything it printed.
type commandError struct {
	args   []string
	err    error
	output string
}

func (e *commandError) Error() string {
	return fmt.Sprintf("terraform %s: %v\n%s", strings.Join(e.args, " "), e.err, e.output)
}

func (e *commandError) Unwrap() error { return e.err }

// timed runs terraform with args in dir and returns its wall time and the peak RSS of the provider
// processes it started. The output is kept only for the error.
func (t *terraform) timed(ctx context.Context, dir string, args ...string) (time.Duration, int64, error) {
	cmd := t.Command(ctx, dir, args...)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, &commandError{args: args, err: err}
	}
	// The watcher needs terraform's pid; the provider starts well after terraform does.
	stop := watchProviders(cmd.Process.Pid)
	err := cmd.Wait()
	took := time.Since(began)
	peakKiB := stop()
	if err != nil {
		return took, peakKiB, &commandError{args: args, err: err, output: output.String()}
	}
	return took, peakKiB, nil
}

// version returns terraform's version, for the report.
func (t *terraform) version(ctx context.Context) (string, error) {
	out, err := t.Command(ctx, "", "version", "-json").Output()
	if err != nil {
		return "", fmt.Errorf("terraform version: %w", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return "", fmt.Errorf("terraform version -json: %w", err)
	}
	return v.Version, nil
}
