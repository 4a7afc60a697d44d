package provider

import (
	"strings"
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	fixed, diags := clock(nil, "2030-01-02T03:04:05Z")
	if diags.HasError() || !fixed().Equal(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("GITAUTH_NOW clock: %v", diags)
	}
	if realClock, _ := clock(nil, ""); time.Since(realClock()) > time.Minute {
		t.Error("without GITAUTH_NOW the clock is not the real one")
	}
	_, diags = clock(nil, "tomorrow")
	if !diags.HasError() || !strings.Contains(diags[0].Detail(), `RFC 3339`) || !strings.Contains(diags[0].Detail(), `"tomorrow"`) {
		t.Errorf("a GITAUTH_NOW that is not RFC 3339 must be an error naming the value: %v", diags)
	}
	test := func() time.Time { return time.Unix(0, 0) }
	if got, _ := clock(test, "tomorrow"); !got().Equal(time.Unix(0, 0)) {
		t.Error("a test's clock wins over GITAUTH_NOW")
	}
}
