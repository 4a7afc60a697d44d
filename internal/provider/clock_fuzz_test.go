package provider

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzClock: whatever GITAUTH_NOW holds, the provider never panics. A value it takes fixes the
// clock at exactly the instant the value names, on every read; a value it refuses gets an error
// that names the variable and quotes the value, so that the user can find it.
func FuzzClock(f *testing.F) {
	for _, seed := range []string{"2026-06-01T12:00:00Z", "2026-06-01T12:00:00.123456789+05:30", "2026-06-01t12:00:00z",
		"2026-02-30T00:00:00Z", "2026-06-01", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59", "tomorrow", "\x00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, env string) {
		if env == "" {
			return // unset: the real clock
		}
		now, diags := clock(nil, env)
		if diags.HasError() {
			detail := diags[0].Detail()
			if !strings.Contains(detail, NowEnv) || !strings.Contains(detail, strconv.Quote(env)) {
				t.Errorf("the error for %q does not name %s and the value: %s", env, NowEnv, detail)
			}
			return
		}
		want, err := time.Parse(time.RFC3339, env)
		if err != nil {
			t.Fatalf("%q was taken, but is not RFC 3339: %v", env, err)
		}
		if first, second := now(), now(); !first.Equal(want) || !second.Equal(want) {
			t.Errorf("%q: the clock reads %v then %v, want %v", env, first, second, want)
		}
	})
}
