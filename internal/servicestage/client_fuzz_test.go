package servicestage_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest/answers"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/servicestage"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/servicestage/signer"
)

// FuzzClientAnswers feeds the client any answer a server could give to each call: it never
// panics, an error status is always an error carrying that status, and a success always holds a
// list, and never a create of another name.
func FuzzClientAnswers(f *testing.F) {
	for _, body := range []string{
		`{"authorizations":[{"name":"fuzz","repo_type":"github","token_type":"personal","create_time":1}],"count":1}`,
		`{"authorization":{"name":"fuzz","repo_type":"github"}}`,
		`{"error_code":"SVCSTG.REPO.0403","error_msg":"already exists"}`,
		`{"code":"APIGW.0301","message":"Incorrect IAM authentication information"}`,
		`{"authorizations":null}`, `{"count":0}`, `{"count":2}`, `{"authorizations":"x"}`, `[]`, `null`, ``, `<html>502</html>`, `{"count":`,
	} {
		for _, status := range []int{200, 404, 429} {
			f.Add(status, []byte(body))
		}
	}
	project := mockapi.ServiceStageProject
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		status = answers.Statuses[uint(status)%uint(len(answers.Statuses))]
		c := servicestage.NewClient(servicestage.Settings{Endpoint: "https://servicestage.test", ProjectID: project,
			AuthToken: "iam-token"}, answers.Fixed(status, body))
		ctx := context.Background()
		listing, err := c.List(ctx, project)
		answers.CheckStatus(t, "list", status, err)
		if err == nil && listing.Authorizations == nil {
			t.Fatalf("list answered %d %q: no error and no list", status, body)
		}
		a, err := c.CreatePrivateToken(ctx, project, "github", servicestage.CreateRequest{Name: "fuzz", Token: "ghp_fuzz"})
		answers.CheckStatus(t, "create", status, err)
		if err == nil && a.Name != "fuzz" {
			t.Fatalf("create answered %d %q: authorization %q taken for fuzz", status, body, a.Name)
		}
		answers.CheckStatus(t, "delete", status, c.Delete(ctx, project, "fuzz"))
	})
}

// FuzzSignedRequests signs calls on any authorization name, project-relative path and token with
// the provider's signer, and has the mock gateway, which canonicalizes the request as received
// with its own code, check each signature: none may be refused.
func FuzzSignedRequests(f *testing.F) {
	for _, name := range []string{"ci", "a b", "ä/ö?x=1&y", "%2F..%2f", "~-_.", "", "\x00\xff", "name#frag", "+;,="} {
		f.Add(name, "ghp_"+name)
	}
	srv := httptest.NewServer(mockapi.New(mockapi.Options{}))
	f.Cleanup(srv.Close)
	c := servicestage.NewClient(servicestage.Settings{Endpoint: srv.URL, ProjectID: mockapi.ServiceStageProject,
		Key: signer.Key{AccessKey: mockapi.ServiceStageAccessKey, SecretKey: mockapi.ServiceStageSecretKey}}, http.DefaultClient)
	f.Fuzz(func(t *testing.T, name, token string) {
		ctx := context.Background()
		_, err := c.CreatePrivateToken(ctx, mockapi.ServiceStageProject, "github", servicestage.CreateRequest{Name: name, Token: token})
		refused(t, "create", err)
		refused(t, "delete", c.Delete(ctx, mockapi.ServiceStageProject, name))
	})
}

func refused(t *testing.T, call string, err error) {
	t.Helper()
	var api *httpclient.APIError
	if errors.As(err, &api) && api.Status == http.StatusUnauthorized {
		t.Fatalf("the gateway refused the signed %s: %v", call, err)
	}
}
