package servicestage_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

const (
	addr    = "gitauth_private_token.ci"
	project = mockapi.ServiceStageProject
)

// tokenConfig is an authorization named ci-github whose token lines are given.
func tokenConfig(env *acctest.Env, token string) string {
	return env.Config(fmt.Sprintf(`
resource "gitauth_private_token" "ci" {
  name      = "ci-github"
  repo_type = "github"
  host      = "https://github.com/tom-repo"
  %s
}
`, token))
}

// heldAs checks that the mock holds the authorization in state, with the token sent.
func heldAs(env *acctest.Env, token string) statecheck.StateCheck {
	return acctest.StateCheck(func(s *tfjson.State) error {
		name, err := acctest.Attr(s, addr, "name")
		if err != nil {
			return err
		}
		for _, a := range env.Mock.ServiceStageAuthorizations(project) {
			if a.Name == name {
				if a.Secret != token {
					return fmt.Errorf("the mock holds %s with another token", a.Name)
				}
				return nil
			}
		}
		return fmt.Errorf("authorization %v in state is unknown to ServiceStage", name)
	})
}

func TestAccPrivateToken_basic(t *testing.T) {
	env := acctest.New(t)
	config := tokenConfig(env, `token = "ghp_basic"`)
	env.RunLeavingNothing(t, []resource.TestStep{
		{
			Config:            config,
			ConfigStateChecks: stateChecks(heldAs(env, "ghp_basic")),
		},
		{
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			ResourceName:            addr,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"token", "host"},
		},
	})
}

// stateChecks are what state must hold of the ci-github authorization, besides more.
func stateChecks(more ...statecheck.StateCheck) []statecheck.StateCheck {
	return append([]statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(project+"/ci-github")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("project_id"), knownvalue.StringExact(project)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("repo_host"), knownvalue.StringExact("https://api.github.com")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("repo_home"), knownvalue.StringExact("https://github.com/tom-repo")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("repo_user"), knownvalue.StringExact("tom-repo")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("host"), knownvalue.StringExact("https://github.com/tom-repo")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("token_type"), knownvalue.StringExact("personal")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.Int64Exact(0)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("status_text"), knownvalue.StringExact("normal")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringExact("2026-03-10T09:30:00Z")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("avatar"), knownvalue.NotNull()),
	}, more...)
}

// An import of an authorization the resource cannot manage, an OAuth one or a private token of
// another repository type, is refused by name, not taken into state; one the project does not hold
// is refused with a hint to name its project.
func TestAccPrivateToken_importRefusesOtherKinds(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	env.AddServiceStageAuthorization(mockapi.ServiceStageAuthorization{Project: project, Name: "gitee-personal",
		RepoType: "gitee", TokenType: "personal", RepoHome: "https://gitee.com/deploy"})
	config := tokenConfig(env, `token = "ghp_import"`)
	refused := func(name, kind string) resource.TestStep {
		return resource.TestStep{Config: config, ResourceName: addr, ImportState: true, ImportStateId: name,
			ExpectError: regexp.MustCompile(`(?s)Not a private token of GitHub or GitLab.*` + kind)}
	}
	env.RunLeavingNothing(t, []resource.TestStep{
		refused("gitee-personal", `"personal"\s+authorization\s+of\s+(?i:gitee)`),
		refused("seeded-bitbucket", `"oauth"\s+authorization\s+of\s+(?i:bitbucket)`),
		{Config: config, ResourceName: addr, ImportState: true, ImportStateId: "in-another-project",
			ExpectError: regexp.MustCompile(`(?s)No such authorization to import.*import\s+it\s+as\s+<project_id>/<name>`)},
		{Config: config, ResourceName: addr, ImportState: true, ImportStateId: strings.Repeat("0", 32) + "/ci-github",
			ExpectError: acctest.Error(`Cannot read ServiceStage authorization ci-github.*Check the project ID.*Nothing was imported`)},
	})
}
