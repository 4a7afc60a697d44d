package provider

import (
	"testing"
	"time"
)

func TestClockFromEnv(t *testing.T) {
	fixed := clockFromEnv("2030-01-02T03:04:05Z")
	if got := fixed(); !got.Equal(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("GITAUTH_NOW clock reads %v", got)
	}
	for _, unset := range []string{"", "tomorrow"} {
		if got := clockFromEnv(unset)(); time.Since(got) > time.Minute {
			t.Errorf("clockFromEnv(%q) is not the real clock: %v", unset, got)
		}
	}
}
