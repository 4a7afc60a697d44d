package main

import (
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

func TestParseFlags(t *testing.T) {
	opts, err := parseFlags([]string{"-n", "500, 100,100", "-types", "git_authorizations", "-latency", "20ms"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(opts.ns, []int{100, 500}) {
		t.Errorf("ns %v: want sorted, without repeats", opts.ns)
	}
	if len(opts.workloads) != 2 || opts.workloads[0] != floor || opts.workloads[1].name != "git_authorizations" {
		t.Errorf("workloads: want the floor, then the one asked for")
	}
	if opts.far != 0 {
		t.Errorf("-far %v without gitlab_project_access_token: want it left out", opts.far)
	}
	for _, args := range [][]string{{"-n", "0"}, {"-n", "a"}, {"-runs", "0"}, {"-latency", "-1s"}, {"-types", "null_resource"}, {"extra"},
		{"-far", "-1s"}, {"-far-n", "0"}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
	opts, _ = parseFlags(nil, io.Discard)
	if len(opts.workloads) != 1+len(workloads) || !slices.Equal(opts.ns, []int{100, 500}) || opts.runs != 3 ||
		opts.far != 100*time.Millisecond || opts.farN != 300 {
		t.Errorf("defaults: %+v", opts)
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := median(c.xs); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.xs, got, c.want)
		}
	}
}

// TestSummarise: medians per phase, ratios to the floor's same phase, and a route missing from a
// run counted as 0 calls in it.
func TestSummarise(t *testing.T) {
	run := func(seconds float64, gets int) runResult {
		r := runResult{}
		for _, p := range phases {
			r[p.name] = phaseRun{Seconds: seconds, Calls: map[string]int{}, PeakRSSKiB: 2048}
		}
		if gets > 0 {
			r[phaseRefresh].Calls[mockapi.RouteGitLabGetToken] = gets
		}
		return r
	}
	ws := []*workload{floor, workloads[0]}
	results := summarise(10, ws, [][]runResult{
		{run(1, 0), run(2, 0), run(3, 0)},
		{run(4, 10), run(8, 0), run(6, 10)},
	})
	refresh := results[1].Phases[phaseRefresh]
	if refresh.MedianSeconds != 6 || refresh.RatioToFloor != 3 || results[0].Phases[phaseApply].RatioToFloor != 1 {
		t.Errorf("median %v, ratio %v", refresh.MedianSeconds, refresh.RatioToFloor)
	}
	if refresh.MedianCalls[mockapi.RouteGitLabGetToken] != 10 || refresh.MedianPeakRSSMiB != 2 {
		t.Errorf("calls %v, RSS %v", refresh.MedianCalls, refresh.MedianPeakRSSMiB)
	}

	rep := &report{Runs: 3, Results: results}
	table := rep.table()
	if !strings.Contains(table, "| `gitlab_project_access_token` | 6.00 | 3.0 | 6.00 | 3.0 | 6.00 | 3.0 | – | get 10 | – | 2 |") {
		t.Errorf("table:\n%s", table)
	}
	svg := rep.refreshSVG()
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil || strings.Count(svg, "<polyline") != 2 {
		t.Errorf("SVG (%v):\n%s", err, svg)
	}
}

func TestCallsText(t *testing.T) {
	got := callsText(map[string]float64{mockapi.RouteGitLabListTokens: 1, mockapi.RouteGitLabCreateToken: 100,
		"GET /elsewhere": 0.5, mockapi.RouteGitLabGetToken: 0})
	if want := "GET /elsewhere 0.5, create 100, list 1"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := callsText(nil); got != "–" {
		t.Errorf("no calls: %q", got)
	}
}

func TestNiceStep(t *testing.T) {
	for maxValue, want := range map[float64]float64{0: 1, 0.74: 0.2, 2.29: 0.5, 9: 2, 41: 10} {
		if got := niceStep(maxValue); got != want {
			t.Errorf("niceStep(%v) = %v, want %v", maxValue, got, want)
		}
	}
}

// TestReadStat: the process watcher reads names and parents as the kernel writes them.
func TestReadStat(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	comm, ppid, ok := readStat(os.Getpid())
	if !ok || ppid != os.Getppid() || !strings.HasPrefix("benchmark.test", comm) {
		t.Errorf("readStat: %q, %d, %v", comm, ppid, ok)
	}
	if readHWM(os.Getpid()) <= 0 {
		t.Error("no VmHWM for this process")
	}
}

// TestWatchProviders: the watcher finds a child of the given parent by the provider's name, and
// reports its peak RSS.
func TestWatchProviders(t *testing.T) {
	sleep, err := os.ReadFile("/bin/sleep")
	if runtime.GOOS != "linux" || err != nil {
		t.Skip("needs /proc and /bin/sleep")
	}
	bin := filepath.Join(t.TempDir(), "terraform-provider-gitauth")
	if err := os.WriteFile(bin, sleep, 0o700); err != nil {
		t.Fatal(err)
	}
	stop := watchProviders(os.Getpid())
	cmd := exec.Command(bin, "0.3")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	if peak := stop(); peak <= 0 {
		t.Errorf("peak %d KiB", peak)
	}
	if peak := watchProviders(os.Getpid())(); peak != 0 {
		t.Errorf("peak %d KiB with no provider running", peak)
	}
}

// TestFarTable: the far-API table shows both refreshes, their ratio, the GitLab calls and whether
// each case met its targets: one list call per page of 100 tokens per project, and the ratio where
// the case has one.
func TestFarTable(t *testing.T) {
	cases := farCases()
	if got := cases[0].maxCalls(300); got != 3 {
		t.Errorf("one project, 300 tokens: %v calls, want 3", got)
	}
	if got := cases[1].maxCalls(300); got != 30 {
		t.Errorf("30 projects, 300 tokens: %v calls, want 30", got)
	}
	refresh := func(seconds float64, lists int) *phaseSummary {
		return &phaseSummary{MedianSeconds: seconds, MedianCalls: map[string]float64{mockapi.RouteGitLabListTokens: float64(lists)}}
	}
	rep := &report{FarLatencyMS: 100, Far: []farResult{
		{Case: "one project", N: 300, Near: refresh(2, 3), Far: refresh(2.4, 3), Ratio: 1.2, MaxRatio: 1.3, MaxCalls: 3},
		{Case: "30 projects", N: 300, Near: refresh(2, 30), Far: refresh(3, 31), Ratio: 1.5, MaxCalls: 30},
	}}
	table := rep.farTable()
	for _, row := range []string{
		"| one project | 2.00 | 2.40 | 1.20 | list 3 | ≤ 1.3×, ≤ 3 calls: met |",
		"| 30 projects | 2.00 | 3.00 | 1.50 | list 31 | ≤ 30 calls: missed |",
	} {
		if !strings.Contains(table, row) {
			t.Errorf("no row %q in:\n%s", row, table)
		}
	}
	if (&report{}).farTable() != "" {
		t.Error("a table without far results")
	}
}
