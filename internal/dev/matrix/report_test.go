package main

import (
	"errors"
	"strings"
	"testing"
)

// go test -json's events, as it prints them for a run with each kind of end.
const events = `{"Action":"run","Package":"p","Test":"TestAccA"}
{"Action":"output","Package":"p","Test":"TestAccA","Output":"=== RUN   TestAccA\n"}
{"Action":"output","Package":"p","Test":"TestAccA","Output":"    engines.go:38: needs a newer engine: terraform query (1.14.0 or newer), runs under 1.15.9\n"}
{"Action":"pass","Package":"p","Test":"TestAccA","Elapsed":1}
{"Action":"output","Package":"p","Test":"TestAccB","Output":"=== RUN   TestAccB\n"}
{"Action":"output","Package":"p","Test":"TestAccB","Output":"    acctest.go:60: engine-independent: a decision of the provider alone; make test runs it\n"}
{"Action":"skip","Package":"p","Test":"TestAccB","Elapsed":0}
{"Action":"output","Package":"p","Test":"TestAccC","Output":"    acctest.go:60: engine-independent: a decision of the provider alone; make test runs it\n"}
{"Action":"skip","Package":"p","Test":"TestAccC","Elapsed":0}
{"Action":"output","Package":"p","Test":"TestAccD","Output":"    testing_new.go:52: Terraform CLI version 1.12.6 is below minimum version 1.14.0: skipping test\n"}
{"Action":"skip","Package":"p","Test":"TestAccD","Elapsed":0}
{"Action":"output","Package":"p","Test":"TestAccF/sub","Output":"    testing_new.go:52: Terraform CLI version 1.12.6 is below minimum version 1.14.0: skipping test\n"}
{"Action":"skip","Package":"p","Test":"TestAccF/sub","Elapsed":0}
{"Action":"pass","Package":"p","Test":"TestAccF","Elapsed":0}
{"Action":"fail","Package":"p","Test":"TestAccE/sub","Elapsed":1}
{"Action":"fail","Package":"p","Test":"TestAccE","Elapsed":1}
not an event: go test prints this for a package that does not build
{"Action":"fail","Package":"q","Elapsed":2}
`

func TestOutcomeReadsEveryEnd(t *testing.T) {
	o := newOutcome()
	if err := o.read(strings.NewReader(events)); err != nil {
		t.Fatal(err)
	}
	o.exitCode = 1
	if topLevel(o.passed) != 2 || topLevel(o.failed) != 1 || len(o.failed) != 2 {
		t.Errorf("passed %v, failed %v, want TestAccA and TestAccF, and TestAccE with its subtest", o.passed, o.failed)
	}
	independent := o.skipped["engine-independent: a decision of the provider alone; make test runs it"]
	tooOld := o.skipped["Terraform CLI version 1.12.6 is below minimum version 1.14.0: skipping test"]
	if len(independent) != 2 || strings.Join(tooOld, " ") != "TestAccD TestAccF/sub" {
		t.Errorf("skipped %v, want B and C as engine-independent, D and F's subtest for the engine's version", o.skipped)
	}
	if len(o.packages) != 1 || o.packages[0] != "q" {
		t.Errorf("packages that failed %v, want q", o.packages)
	}
	r := &result{engine: "OpenTofu v1.12.6", tests: o, demo: errors.New("exit status 1")}
	if r.passed() {
		t.Error("a run with failures counts as passed")
	}
	got := report([]*result{r})
	for _, want := range []string{
		"| OpenTofu v1.12.6 | 2 | 1 | 4 | 0s | ok | FAILED |",
		"OpenTofu v1.12.6 skipped 2: Terraform CLI version 1.12.6 is below minimum version 1.14.0: skipping test\n  TestAccD, TestAccF/sub\n",
		"OpenTofu v1.12.6 skipped 2: engine-independent",
		"OpenTofu v1.12.6 FAILED: tests TestAccE/sub, TestAccE; packages q",
		"OpenTofu v1.12.6 demo FAILED: exit status 1",
		"OpenTofu v1.12.6 ran 1 tests of a newer engine's features:\n  TestAccA: terraform query (1.14.0 or newer), runs under 1.15.9\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the report has no %q:\n%s", want, got)
		}
	}
}

func TestAPassingRunCountsAsPassed(t *testing.T) {
	o := newOutcome()
	if err := o.read(strings.NewReader(`{"Action":"pass","Package":"p","Test":"TestAccA"}` + "\n")); err != nil {
		t.Fatal(err)
	}
	if r := (&result{engine: "Terraform v1.15.9", tests: o}); !r.passed() {
		t.Errorf("a run with no failure does not count as passed:\n%s", report([]*result{r}))
	}
}
