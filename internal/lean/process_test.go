package lean

import (
	"os"
	"runtime/debug"
	"strings"
	"testing"
)

func TestLogsAsked(t *testing.T) {
	for _, tc := range []struct {
		environ []string
		asked   bool
	}{
		{[]string{"HOME=/root", "TF_IN_AUTOMATION=1"}, false},
		{[]string{"TF_LOG="}, false}, // set but empty: Terraform logs nothing
		{[]string{"TF_LOG=trace"}, true},
		{[]string{"TF_LOG=off"}, true}, // asked for something: the user's choice is left alone
		{[]string{"TF_LOG_PROVIDER=debug"}, true},
		{[]string{"TF_LOG_PROVIDER_GITAUTH=trace"}, true},
		{[]string{"TF_LOG_SDK_PROTO=trace"}, true},
		{[]string{"TF_LOG_PATH=/tmp/tf.log"}, true},
		{[]string{"TF_ACC_LOG_PATH=/tmp/acc.log"}, true},
		{[]string{"MY_TF_LOG=trace"}, false},
		{[]string{"tf_log=trace"}, true}, // as Windows may list it
	} {
		if got := logsAsked(tc.environ); got != tc.asked {
			t.Errorf("logsAsked(%q) = %v, want %v", tc.environ, got, tc.asked)
		}
	}
}

func TestQuietLogs(t *testing.T) {
	for _, tc := range []struct {
		name  string
		asked string // a TF_LOG_PROVIDER level, or none
		debug bool
		want  string // each SDK and provider level afterwards
	}{
		{name: "nothing asked", want: "off"},
		{name: "a log asked", asked: "info", want: ""},
		{name: "debugger attached", debug: true, want: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, kv := range os.Environ() { // t.Setenv restores them afterwards
				if name, _, _ := strings.Cut(kv, "="); logsAsked([]string{kv}) {
					t.Setenv(name, "")
				}
			}
			for _, name := range quietLogLevels {
				t.Setenv(name, "")
			}
			t.Setenv("TF_LOG_PROVIDER", tc.asked)
			QuietLogs(tc.debug)
			for _, name := range quietLogLevels {
				if got := os.Getenv(name); got != tc.want {
					t.Errorf("%s = %q, want %q", name, got, tc.want)
				}
			}
		})
	}
}

func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	// With GOGC set, the runtime read it at start and the provider leaves it alone: 100 here.
	for _, tc := range []struct {
		gogc string
		want int
	}{{"", gcPercent}, {"50", 100}} {
		debug.SetGCPercent(100)
		t.Setenv("GOGC", tc.gogc)
		TuneGC()
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("GOGC=%q: GC percent %d, want %d", tc.gogc, got, tc.want)
		}
	}
}
