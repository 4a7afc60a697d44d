package developerconnect_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/developerconnect"
)

// keyFile writes the mock's service account key, whose token_uri is the mock's token endpoint.
func keyFile(t *testing.T, env *acctest.Env) (string, []byte) {
	t.Helper()
	key := env.Mock.DeveloperConnectServiceAccountJSON(env.URL + "/developerconnect/token")
	file := filepath.Join(t.TempDir(), "key.json")
	if err := os.WriteFile(file, key, 0o600); err != nil {
		t.Fatal(err)
	}
	return file, key
}

// withBlock is a read token of the GitHub link, with the developerconnect block's credential line.
func withBlock(env *acctest.Env, credential string) string {
	return env.ConfigWithProvider(fmt.Sprintf(`
  developerconnect {
    endpoint = %q
    %s
  }`, env.DeveloperConnectURL(), credential), echoed(mockapi.DeveloperConnectGitHubLink))
}

// minted checks that the fetch was authorized by an access token the mock's token endpoint minted
// from the service account key (a JWT bearer grant whose signature the mock checked).
func minted(env *acctest.Env) statecheck.StateCheck {
	return acctest.StateCheck(func(*tfjson.State) error {
		if len(env.Mock.DeveloperConnectAccessTokens()) == 0 {
			return fmt.Errorf("no access token was minted from the key")
		}
		return nil
	})
}

func TestAccReadToken_credentials(t *testing.T) {
	acctest.EngineIndependent(t)
	cases := map[string]func(file string, key []byte) string{
		"key file path": func(file string, _ []byte) string { return fmt.Sprintf("credentials = %q", file) },
		"key JSON":      func(_ string, key []byte) string { return fmt.Sprintf("credentials = %q", key) },
	}
	for name, credential := range cases {
		t.Run(name, func(t *testing.T) {
			env := acctest.New(t)
			file, key := keyFile(t, env)
			env.RunLeavingNothing(t, []resource.TestStep{{
				Config:            withBlock(env, credential(file, key)),
				ConfigStateChecks: []statecheck.StateCheck{lastIssued(env, mockapi.DeveloperConnectGitHubLink), minted(env)},
			}})
		})
	}
}

// Application default credentials, from GOOGLE_APPLICATION_CREDENTIALS, when the block sets none.
// Not parallel: it sets the environment.
func TestAccReadToken_applicationDefaultCredentials(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	file, _ := keyFile(t, env)
	t.Setenv(developerconnect.AccessTokenEnv, "")
	t.Setenv(developerconnect.CredentialsEnv, "")
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", file)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{{
			Config:            withBlock(env, ""),
			ConfigStateChecks: []statecheck.StateCheck{lastIssued(env, mockapi.DeveloperConnectGitHubLink), minted(env)},
		}},
	})
}

// A key Google's token endpoint refuses is reported with what to check, and Developer Connect sees
// no call. Credentials refused before any call are in the provider's TestAccBadInput.
func TestAccReadToken_refusedKey(t *testing.T) {
	acctest.EngineIndependent(t)
	env := acctest.New(t)
	_, key := keyFile(t, env)
	otherKey := strings.Replace(string(key), "terraform@demo", "intruder@demo", 1)
	env.RunLeavingNothing(t, []resource.TestStep{{
		Config: withBlock(env, fmt.Sprintf("credentials = %q", otherKey)),
		ExpectError: acctest.Error(`token endpoint answered 400 Bad Request \[invalid_grant\]: Invalid grant: account not found.*` +
			`token endpoint refused the credentials: check developerconnect.credentials`),
	}})
	if n := env.Mock.Calls(mockapi.RouteDeveloperConnectFetch); n != 0 {
		t.Errorf("%d fetch calls with a key that cannot work", n)
	}
}
