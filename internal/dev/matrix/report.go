package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
)

// result is what ran under one engine.
type result struct {
	engine    string // as its version command names it, such as "OpenTofu v1.12.6"
	tests     *outcome
	testsTook time.Duration
	examples  error
	demo      error
}

func (r *result) passed() bool {
	return r.tests.exitCode == 0 && len(r.tests.failed) == 0 && r.examples == nil && r.demo == nil
}

// outcome is what one go test run did, from its events.
type outcome struct {
	passed, failed []string // tests and subtests, as go test names them
	// skipped are the top-level tests skipped, by the reason they gave.
	skipped map[string][]string
	// packages are the packages that failed outside any test: a build error, a panic, a timeout.
	packages []string
	// output is each test's output while it runs, for the reason of a skip.
	output map[string][]string
	// newer are the top-level tests that ran a feature of a newer engine, with what they said of it.
	newer    map[string]string
	stderr   strings.Builder
	exitCode int
}

func newOutcome() *outcome {
	return &outcome{skipped: map[string][]string{}, output: map[string][]string{}, newer: map[string]string{}}
}

// event is one line of go test -json.
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// logLine is a line a test logged, file:line: message.
var logLine = regexp.MustCompile(`^\s+\S+\.go:\d+: (.+)$`)

// read takes in go test -json's events; lines that are not events are left out.
func (o *outcome) read(r io.Reader) error {
	scanner := bufio.NewScanner(r)
	scanner.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for scanner.Scan() {
		var e event
		if json.Unmarshal(scanner.Bytes(), &e) != nil {
			continue
		}
		o.add(e)
	}
	return scanner.Err()
}

func (o *outcome) add(e event) {
	switch {
	case e.Test == "" && e.Action == "fail":
		o.packages = append(o.packages, e.Package)
	case e.Test == "":
	case e.Action == "output":
		o.output[e.Test] = append(o.output[e.Test], e.Output)
		if _, said, ok := strings.Cut(e.Output, devenv.NewerEngine); ok {
			o.newer[topName(e.Test)] = strings.TrimSpace(said)
		}
	case e.Action == "pass":
		o.passed = append(o.passed, e.Test)
	case e.Action == "fail":
		o.failed = append(o.failed, e.Test)
	case e.Action == "skip": // subtests too: a version check may skip each of them
		o.skipped[o.skipReason(e.Test)] = append(o.skipped[o.skipReason(e.Test)], e.Test)
	}
	if e.Action == "pass" || e.Action == "fail" || e.Action == "skip" {
		delete(o.output, e.Test)
	}
}

// skipReason is the last line test logged before it was skipped.
func (o *outcome) skipReason(test string) string {
	lines := o.output[test]
	for i := len(lines) - 1; i >= 0; i-- {
		if m := logLine.FindStringSubmatch(strings.TrimRight(lines[i], "\n")); m != nil {
			return m[1]
		}
	}
	return "no reason given"
}

// topName is the top-level test of a test or subtest.
func topName(test string) string {
	name, _, _ := strings.Cut(test, "/")
	return name
}

// topLevel counts the tests of names that are not subtests.
func topLevel(names []string) int {
	n := 0
	for _, name := range names {
		if !strings.Contains(name, "/") {
			n++
		}
	}
	return n
}

// report is the matrix as Markdown: a table of the engines, then what each skipped and failed.
func report(results []*result) string {
	var b strings.Builder
	b.WriteString("\n| engine | tests passed | failed | skipped | tests took | examples | demo |\n|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		o := r.tests
		skipped := 0
		for _, tests := range o.skipped {
			skipped += len(tests)
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %s | %s | %s |\n", r.engine, topLevel(o.passed), topLevel(o.failed), skipped,
			r.testsTook.Round(time.Second), verdict(r.examples), verdict(r.demo))
	}
	for _, r := range results {
		o := r.tests
		if len(o.newer) > 0 {
			fmt.Fprintf(&b, "\n%s ran %d tests of a newer engine's features:\n", r.engine, len(o.newer))
			for _, test := range slices.Sorted(maps.Keys(o.newer)) {
				fmt.Fprintf(&b, "  %s: %s\n", test, o.newer[test])
			}
		}
		for _, reason := range slices.Sorted(maps.Keys(o.skipped)) {
			fmt.Fprintf(&b, "\n%s skipped %d: %s\n", r.engine, len(o.skipped[reason]), reason)
			if !strings.HasPrefix(reason, "engine-independent") {
				fmt.Fprintf(&b, "  %s\n", strings.Join(o.skipped[reason], ", "))
			}
		}
		if len(o.failed) > 0 || len(o.packages) > 0 || o.exitCode != 0 {
			fmt.Fprintf(&b, "\n%s FAILED: tests %s; packages %s (go test exited %d)\n%s", r.engine,
				strings.Join(o.failed, ", "), strings.Join(o.packages, ", "), o.exitCode, o.stderr.String())
		}
		for what, err := range map[string]error{"examples": r.examples, "demo": r.demo} {
			if err != nil {
				fmt.Fprintf(&b, "\n%s %s FAILED: %v\n", r.engine, what, err)
			}
		}
	}
	return b.String()
}

func verdict(err error) string {
	if err != nil {
		return "FAILED"
	}
	return "ok"
}
