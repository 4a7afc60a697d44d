package family

import (
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// unknownSetting is the diagnostic of a provider setting that is not known yet. It is an error
// when a call needs the setting, and no error at plan time: Terraform configures the provider
// again, with the value known, before it applies.
type unknownSetting struct {
	diag.Diagnostic
	attr string
}

// Setting resolves the string setting attr (a path such as gitlab.token) from the configuration,
// else from the environment variable env. An empty or blank string (only white space or invisible
// characters, as NotBlank refuses in arguments) counts as unset, as the error messages say ("set
// it, or set the variable").
// A value with white space around it, such as a file's final newline, is an error: sent as it is,
// it would fail far from here, or not at all.
func Setting(diags *diag.Diagnostics, v types.String, attr, env string) string {
	value, from := setting(diags, v, attr, env)
	if value != "" && strings.TrimSpace(value) != value {
		diags.AddError("Invalid "+attr, fmt.Sprintf("%s must not start or end with white space (for a file's content, "+
			"use trimspace(file(...))).", from))
	}
	return value
}

// Document is Setting for a setting that holds a document, such as a JSON key file, which may end
// in a newline.
func Document(diags *diag.Diagnostics, v types.String, attr, env string) string {
	value, _ := setting(diags, v, attr, env)
	return value
}

// setting resolves a setting, and says where its value came from.
func setting(diags *diag.Diagnostics, v types.String, attr, env string) (string, string) {
	if v.IsUnknown() {
		detail := fmt.Sprintf("The provider's %s is not known until apply, so it cannot be used yet. "+
			"Set it to a value known at plan time", attr)
		if env != "" {
			detail += ", or use the " + env + " environment variable"
		}
		diags.Append(unknownSetting{diag.NewErrorDiagnostic("Unknown "+attr, detail+"."), attr})
		return "", attr
	}
	value, from := v.ValueString(), attr
	if blank(value) && env != "" {
		value, from = os.Getenv(env), env
	}
	if blank(value) {
		return "", from
	}
	return value, from
}

// KnownOnly drops the diagnostics of settings that are not known yet, for checks made at plan time.
func KnownOnly(diags diag.Diagnostics) diag.Diagnostics {
	var out diag.Diagnostics
	for _, d := range diags {
		if _, unknown := d.(unknownSetting); !unknown {
			out = append(out, d)
		}
	}
	return out
}

// UnknownSettings are the settings, such as developerconnect.access_token, whose diagnostics in
// diags say they are not known yet.
func UnknownSettings(diags diag.Diagnostics) []string {
	var attrs []string
	for _, d := range diags {
		if u, unknown := d.(unknownSetting); unknown {
			attrs = append(attrs, u.attr)
		}
	}
	return attrs
}
