package family

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

func TestSetting(t *testing.T) {
	t.Setenv("GITLAB_TOKEN", "from-env")
	var diags diag.Diagnostics
	for _, v := range []types.String{types.StringNull(), types.StringValue("")} {
		if got := Setting(&diags, v, "gitlab.token", "GITLAB_TOKEN"); got != "from-env" {
			t.Errorf("%v falls back to the environment, as the missing-token message says: got %q", v, got)
		}
	}
	if got := Setting(&diags, types.StringValue("from-config"), "gitlab.token", "GITLAB_TOKEN"); got != "from-config" {
		t.Errorf("configuration wins over the environment: %q", got)
	}
	if diags.HasError() {
		t.Fatal(diags)
	}
	Setting(&diags, types.StringUnknown(), "gitlab.token", "GITLAB_TOKEN")
	if len(diags) != 1 || !strings.Contains(diags[0].Detail(), "gitlab.token") || !strings.Contains(diags[0].Detail(), "GITLAB_TOKEN") {
		t.Errorf("an unknown credential gives one diagnostic naming gitlab.token and GITLAB_TOKEN: %v", diags)
	}
	diags.AddError("Invalid gitlab.base_url", "x")
	if known := KnownOnly(diags); len(known) != 1 || known[0].Summary() != "Invalid gitlab.base_url" {
		t.Errorf("at plan time only the unknown setting is dropped: %v", known)
	}
}

func TestBaseURL(t *testing.T) {
	for value, ok := range map[string]bool{
		"https://gitlab.example.com/api/v4": true,
		"http://127.0.0.1:8080/gitlab":      true,
		"gitlab.example.com":                false,
		" https://gitlab.example.com":       false,
		"https://gitlab.example.com ":       false,
		"ftp://gitlab.example.com":          false,
		"https://":                          false,
	} {
		var diags diag.Diagnostics
		BaseURL(&diags, value, "gitlab.base_url", "GITLAB_BASE_URL", "https://gitlab.com/api/v4")
		if diags.HasError() == ok {
			t.Errorf("BaseURL(%q): error %v, want ok %v", value, diags, ok)
		}
	}
}

func TestBlankSettingIsUnset(t *testing.T) {
	t.Setenv("GITLAB_TOKEN", "from-env")
	var diags diag.Diagnostics
	if got := Setting(&diags, types.StringValue("  "), "gitlab.token", "GITLAB_TOKEN"); got != "from-env" {
		t.Errorf("a blank token falls back to the environment: got %q", got)
	}
	if got := Setting(&diags, types.StringValue("\u200b\u00a0"), "gitlab.token", "GITLAB_TOKEN"); got != "from-env" {
		t.Errorf("a token of invisible characters is blank too: got %q", got)
	}
	for _, value := range []string{" ", "\u200b"} {
		t.Setenv("GITLAB_TOKEN", value)
		if got := Setting(&diags, types.StringNull(), "gitlab.token", "GITLAB_TOKEN"); got != "" {
			t.Errorf("a blank variable (%q) counts as unset: got %q", value, got)
		}
	}
}

// A value with white space around it, as a file's final newline leaves, is refused, naming where
// it came from; a document may end in a newline.
func TestSettingWithWhiteSpaceAround(t *testing.T) {
	t.Setenv("GITLAB_TOKEN", "from-env\n")
	var diags diag.Diagnostics
	Setting(&diags, types.StringNull(), "gitlab.token", "GITLAB_TOKEN")
	if len(diags) != 1 || !strings.Contains(diags[0].Detail(), "GITLAB_TOKEN must not start or end with white space") {
		t.Errorf("want one error naming GITLAB_TOKEN, got %v", diags)
	}
	diags = nil
	if got := Document(&diags, types.StringValue("{\"type\":\"service_account\"}\n"), "developerconnect.credentials", ""); diags.HasError() || got == "" {
		t.Errorf("a JSON document ending in a newline is a fine document: %q %v", got, diags)
	}
}

// A blank provider setting is unset: its validator is not applied, so that the variable is read.
func TestUnlessBlank(t *testing.T) {
	v := UnlessBlank(NotBlank())
	for value, wantError := range map[string]bool{"": false, " \u200b": false, "x": false} {
		var resp validator.StringResponse
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("s"), ConfigValue: types.StringValue(value)}, &resp)
		if resp.Diagnostics.HasError() != wantError {
			t.Errorf("%q: %v", value, resp.Diagnostics)
		}
	}
	digits := UnlessBlank(stringvalidator.RegexMatches(regexp.MustCompile(`^[0-9]+$`), "must be digits"))
	var resp validator.StringResponse
	digits.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("s"), ConfigValue: types.StringValue("x1")}, &resp)
	if !resp.Diagnostics.HasError() {
		t.Error("a value that is not blank escaped the validator")
	}
}

func TestDiagnostic(t *testing.T) {
	err := &httpclient.APIError{API: "ServiceStage", Status: 400, Code: "SVCSTG.REPO.0403", Message: "already exists"}
	d := Diagnostic("Cannot create", err, "Import it.")
	if d.Summary() != "Cannot create" || d.Detail() != "ServiceStage answered 400 Bad Request [SVCSTG.REPO.0403]: already exists\n\nImport it." {
		t.Errorf("diagnostic %q / %q", d.Summary(), d.Detail())
	}
	if d := Diagnostic("Cannot create", err, ""); !strings.HasSuffix(d.Detail(), "already exists") {
		t.Errorf("with no next step: %q", d.Detail())
	}
}
