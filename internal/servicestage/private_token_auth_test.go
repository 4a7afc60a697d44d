package servicestage_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// withCredentials is tokenConfig with the servicestage block's credential lines given.
func withCredentials(env *acctest.Env, credentials string) string {
	body := tokenConfig(env, `token = "ghp_signed"`)
	body = body[strings.Index(body, "\nresource"):]
	return env.ConfigWithProvider(fmt.Sprintf(`
  servicestage {
    endpoint   = %q
    project_id = %q
    %s
  }`, env.ServiceStageURL(), project, credentials), body)
}

// Both schemes create, read, import and delete. Signed requests carry the project and, for
// temporary keys, the security token; the mock checks each signature.
func TestAccPrivateToken_authSchemes(t *testing.T) {
	schemes := map[string]string{
		"access key": fmt.Sprintf("access_key = %q\n    secret_key = %q", mockapi.ServiceStageAccessKey, mockapi.ServiceStageSecretKey),
		"temporary access key": fmt.Sprintf("access_key = %q\n    secret_key = %q\n    security_token = %q",
			mockapi.ServiceStageTempAccessKey, mockapi.ServiceStageTempSecretKey, mockapi.ServiceStageSecurityToken),
		// When both are set, the access key wins: this IAM token would be refused.
		"access key over IAM token": fmt.Sprintf("access_key = %q\n    secret_key = %q\n    auth_token = \"expired-iam-token\"",
			mockapi.ServiceStageAccessKey, mockapi.ServiceStageSecretKey),
		"IAM token": fmt.Sprintf("auth_token = %q", mockapi.ServiceStageAuthToken),
	}
	for name, credentials := range schemes {
		t.Run(name, func(t *testing.T) {
			env := acctest.New(t)
			config := withCredentials(env, credentials)
			env.RunLeavingNothing(t, []resource.TestStep{
				{Config: config, ConfigStateChecks: stateChecks(heldAs(env, "ghp_signed"))},
				{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"token", "host"}},
			})
		})
	}
}

// Refused credentials give the vendor's code and message and say what to check; nothing is made.
func TestAccPrivateToken_refusedCredentials(t *testing.T) {
	acctest.EngineIndependent(t)
	cases := map[string]string{
		"wrong IAM token":  `auth_token = "not-a-token"`,
		"wrong secret key": fmt.Sprintf("access_key = %q\n    secret_key = \"wrong\"", mockapi.ServiceStageAccessKey),
		"temporary key without its security token": fmt.Sprintf("access_key = %q\n    secret_key = %q",
			mockapi.ServiceStageTempAccessKey, mockapi.ServiceStageTempSecretKey),
	}
	for name, credentials := range cases {
		t.Run(name, func(t *testing.T) {
			env := acctest.New(t)
			env.RunLeavingNothing(t, []resource.TestStep{{
				Config: withCredentials(env, credentials),
				ExpectError: acctest.Error(`ServiceStage answered 401 Unauthorized \[APIGW.0301\]: Incorrect IAM authentication ` +
					`information.*ServiceStage refused the credentials. Check servicestage.auth_token \(HW_AUTH_TOKEN\)`),
			}})
			if n := len(env.Mock.ServiceStageAuthorizations(project)); n != 2 {
				t.Errorf("the project holds %d authorizations, want the 2 seeded", n)
			}
		})
	}
}
