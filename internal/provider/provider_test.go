package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
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

func TestSettingNamesAttributeAndEnvironment(t *testing.T) {
	t.Setenv("GITLAB_TOKEN", "from-env")
	var diags diag.Diagnostics
	if got := setting(&diags, types.StringNull(), "gitlab.token", "GITLAB_TOKEN"); got != "from-env" || diags.HasError() {
		t.Errorf("null falls back to the environment: %q %v", got, diags)
	}
	if got := setting(&diags, types.StringValue("from-config"), "gitlab.token", "GITLAB_TOKEN"); got != "from-config" {
		t.Errorf("configuration wins over the environment: %q", got)
	}
	setting(&diags, types.StringUnknown(), "gitlab.token", "GITLAB_TOKEN")
	if len(diags) != 1 || !strings.Contains(diags[0].Detail(), "gitlab.token") || !strings.Contains(diags[0].Detail(), "GITLAB_TOKEN") {
		t.Errorf("an unknown credential gives one diagnostic naming gitlab.token and GITLAB_TOKEN: %v", diags)
	}
}
