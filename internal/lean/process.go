package lean

import (
	"os"
	"runtime/debug"
	"strings"
)

// gcPercent is the provider's GOGC unless the user sets one. Its live heap stays at a few MB, so
// at Go's default of 100 it collected garbage every few MB of the hundreds a large plan allocates:
// a higher one trades some peak memory for time (internal/dev/README.md, "Benchmarks").
const gcPercent = 400

// TuneGC sets the garbage collector for the provider's many small requests, unless the user set
// GOGC.
func TuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

// QuietLogs turns off the provider's log lines when nobody asked for them. Left at their default,
// the plugin SDK, the framework and the provider write every line at trace level, as JSON on
// stderr, and Terraform without TF_LOG throws them away; at scale that was much of a refresh
// plan's time. A user or test that asks for any log (a TF_LOG* or TF_ACC_LOG* variable) gets
// every line as before, and so does a provider run under a debugger, whose stderr is shown.
func QuietLogs(debug bool) {
	if debug || logsAsked(os.Environ()) {
		return
	}
	for _, name := range quietLogLevels {
		_ = os.Setenv(name, "off")
	}
}

// quietLogLevels are the variables that set the levels of the SDK's, the framework's and the
// provider's loggers (terraform-plugin-go names the last after the provider's type).
var quietLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_GITAUTH"}

// logsAsked reports whether the environment asks Terraform or a test for any log.
func logsAsked(environ []string) bool {
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		name = strings.ToUpper(name) // Windows names variables in any case, and Terraform reads them so
		if value != "" && (strings.HasPrefix(name, "TF_LOG") || strings.HasPrefix(name, "TF_ACC_LOG")) {
			return true
		}
	}
	return false
}
