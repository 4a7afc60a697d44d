package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// report is everything one benchmark measured; bench.json holds it as it is.
type report struct {
	Started     string   `json:"started"`
	Terraform   string   `json:"terraform"`
	Go          string   `json:"go"`
	CPUs        int      `json:"cpus"`
	LatencyMS   float64  `json:"latency_ms"`
	Runs        int      `json:"runs"`
	Parallelism int      `json:"parallelism"`
	Results     []result `json:"results"`
	// FarLatencyMS is the far mock's latency in the far-API case, whose results are Far.
	FarLatencyMS float64     `json:"far_latency_ms,omitempty"`
	Far          []farResult `json:"far,omitempty"`
}

// result is one workload at one N: each phase's medians and raw runs.
type result struct {
	N      int                      `json:"n"`
	Type   string                   `json:"type"`
	Floor  bool                     `json:"floor,omitempty"`
	Phases map[string]*phaseSummary `json:"phases"`
}

type phaseSummary struct {
	MedianSeconds float64 `json:"median_seconds"`
	// RatioToFloor is MedianSeconds over the floor's median of the same phase and N.
	RatioToFloor float64 `json:"ratio_to_floor"`
	// MedianCalls are the calls per route (the mock's route patterns), medians over the runs.
	MedianCalls map[string]float64 `json:"median_calls"`
	// MedianPeakRSSMiB is 0 when the command started no provider, as for the floor.
	MedianPeakRSSMiB float64    `json:"median_peak_rss_mib"`
	Runs             []phaseRun `json:"runs"`
}

// summarise turns the runs of each workload at N into results, the floor (ws[0]) first.
func summarise(n int, ws []*workload, samples [][]runResult) []result {
	results := make([]result, len(ws))
	for i, w := range ws {
		results[i] = result{N: n, Type: w.name, Floor: w == floor, Phases: map[string]*phaseSummary{}}
		for _, p := range phases {
			results[i].Phases[p.name] = summarisePhase(samples[i], p.name)
		}
	}
	for _, r := range results {
		for name, s := range r.Phases {
			if f := results[0].Phases[name].MedianSeconds; f > 0 {
				s.RatioToFloor = s.MedianSeconds / f
			}
		}
	}
	return results
}

func summarisePhase(runs []runResult, phase string) *phaseSummary {
	s := &phaseSummary{MedianCalls: map[string]float64{}}
	var seconds, rss []float64
	routes := map[string][]float64{}
	for _, r := range runs {
		pr := r[phase]
		s.Runs = append(s.Runs, pr)
		seconds = append(seconds, pr.Seconds)
		rss = append(rss, float64(pr.PeakRSSKiB)/1024)
		for route := range pr.Calls {
			routes[route] = nil
		}
	}
	// A route missing from a run was called 0 times in it: that counts towards the median too.
	for route := range routes {
		var counts []float64
		for _, r := range runs {
			counts = append(counts, float64(r[phase].Calls[route]))
		}
		s.MedianCalls[route] = median(counts)
	}
	s.MedianSeconds = median(seconds)
	s.MedianPeakRSSMiB = median(rss)
	return s
}

// median of xs, the mean of the middle two for an even count; 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sorted := slices.Sorted(slices.Values(xs))
	mid := len(sorted) / 2
	if len(sorted)%2 == 0 {
		return (sorted[mid-1] + sorted[mid]) / 2
	}
	return sorted[mid]
}

// write prints the table to stdout and writes bench.md, bench.json and refresh.svg into dir.
func (rep *report) write(stdout io.Writer, dir string) error {
	table := rep.table()
	if _, err := io.WriteString(stdout, table); err != nil {
		return err
	}
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	files := map[string][]byte{
		"bench.md":    []byte(table),
		"bench.json":  append(data, '\n'),
		"refresh.svg": []byte(rep.refreshSVG()),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o600); err != nil {
			return err
		}
	}
	logf("wrote %s", strings.Join([]string{
		filepath.Join(dir, "bench.md"), filepath.Join(dir, "bench.json"), filepath.Join(dir, "refresh.svg")}, ", "))
	return nil
}

// table renders the results as Markdown, one table per N.
func (rep *report) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Medians of %d run(s) per N; mock latency %s; Terraform %s, %s, %d CPUs. "+
		"× floor: the time over terraform_data's, same N and phase.\n",
		rep.Runs, formatLatency(rep.LatencyMS), rep.Terraform, rep.Go, rep.CPUs)
	n := -1
	for _, r := range rep.Results {
		if r.N != n {
			n = r.N
			fmt.Fprintf(&b, "\n### N = %d\n\n", n)
			b.WriteString("| type | apply s | × floor | refresh s | × floor | destroy s | × floor | " +
				"apply calls | refresh calls | destroy calls | peak RSS MiB |\n")
			b.WriteString("|---|--:|--:|--:|--:|--:|--:|---|---|---|--:|\n")
		}
		a, f, d := r.Phases[phaseApply], r.Phases[phaseRefresh], r.Phases[phaseDestroy]
		fmt.Fprintf(&b, "| `%s` | %.2f | %.1f | %.2f | %.1f | %.2f | %.1f | %s | %s | %s | %s |\n",
			r.Type, a.MedianSeconds, a.RatioToFloor, f.MedianSeconds, f.RatioToFloor,
			d.MedianSeconds, d.RatioToFloor, callsText(a.MedianCalls), callsText(f.MedianCalls),
			callsText(d.MedianCalls), rssText(a, f, d))
	}
	b.WriteString(rep.farTable())
	return b.String()
}

func formatLatency(ms float64) string {
	if ms == 0 {
		return "0"
	}
	return strconv.FormatFloat(ms, 'f', -1, 64) + " ms"
}

// routeLabels are the short names of the mock's routes in the table. Each configuration calls one
// API family, so the family goes without saying; bench.json keeps the full routes.
var routeLabels = map[string]string{
	mockapi.RouteGitLabListTokens:           "list",
	mockapi.RouteGitLabGetToken:             "get",
	mockapi.RouteGitLabCreateToken:          "create",
	mockapi.RouteGitLabRotateToken:          "rotate",
	mockapi.RouteGitLabRevokeToken:          "revoke",
	mockapi.RouteServiceStageListAuths:      "list",
	mockapi.RouteServiceStageCreatePersonal: "create",
	mockapi.RouteServiceStageCreatePassword: "create password",
	mockapi.RouteServiceStageDeleteAuth:     "delete",
	mockapi.RouteDeveloperConnectFetch:      "fetch",
	mockapi.RouteDeveloperConnectOAuthToken: "oauth token",
}

// callsText is a phase's calls as "create 100, list 1", by label; "–" for none.
func callsText(calls map[string]float64) string {
	byLabel := map[string]float64{}
	for route, count := range calls {
		label, ok := routeLabels[route]
		if !ok {
			label = route
		}
		byLabel[label] += count
	}
	var parts []string
	for _, label := range slices.Sorted(maps.Keys(byLabel)) {
		if byLabel[label] > 0 {
			parts = append(parts, label+" "+strconv.FormatFloat(byLabel[label], 'f', -1, 64))
		}
	}
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, ", ")
}

// rssText is the highest of the phases' median peaks; "–" when no provider ran.
func rssText(phases ...*phaseSummary) string {
	var peak float64
	for _, p := range phases {
		peak = max(peak, p.MedianPeakRSSMiB)
	}
	if peak == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f", peak)
}
