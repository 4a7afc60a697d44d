package acctest

import (
	"context"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
)

// Needs is the version check of a test that uses feature, which Terraform brought in minimum:
// terraform-plugin-testing's SkipBelow, and a skip under OpenTofu unless openTofu says OpenTofu has
// it from the same version. When the test runs, it logs the devenv.NewerEngine line.
func Needs(t *testing.T, feature string, minimum *version.Version, openTofu bool) tfversion.TerraformVersionCheck {
	return needs{t: t, feature: feature, minimum: minimum, openTofu: openTofu}
}

type needs struct {
	t        *testing.T
	feature  string
	minimum  *version.Version
	openTofu bool
}

func (n needs) CheckTerraformVersion(ctx context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	if !n.openTofu && devenv.OpenTofu() {
		resp.Skip = n.feature + " is not in OpenTofu"
		return
	}
	tfversion.SkipBelow(n.minimum).CheckTerraformVersion(ctx, req, resp)
	if resp.Skip == "" && resp.Error == nil {
		n.t.Logf("%s %s (%s or newer), runs under %s", devenv.NewerEngine, n.feature, n.minimum, req.TerraformVersion)
	}
}

// RequireEngine is Needs for a test that runs the engine itself (devenv.Engine): it skips the test
// when the engine lacks feature.
func RequireEngine(t *testing.T, feature string, minimum *version.Version, openTofu bool) {
	t.Helper()
	current, err := devenv.EngineVersion()
	if err != nil {
		t.Fatal(err)
	}
	var resp tfversion.CheckTerraformVersionResponse
	Needs(t, feature, minimum, openTofu).CheckTerraformVersion(context.Background(),
		tfversion.CheckTerraformVersionRequest{TerraformVersion: current}, &resp)
	if resp.Skip != "" {
		t.Skip(resp.Skip)
	}
}
