package servicestage

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// mockClient is a mock for the test and a client of it, with the IAM token.
func mockClient(t *testing.T) (*mockapi.Server, *Client) {
	t.Helper()
	return mockClientOver(t, httpclient.New(httpclient.Config{}))
}

// mockClientOver is mockClient calling through hc.
func mockClientOver(t *testing.T, hc *http.Client) (*mockapi.Server, *Client) {
	t.Helper()
	mock := mockapi.New(mockapi.Options{})
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	return mock, NewClient(Settings{Endpoint: srv.URL, ProjectID: mockapi.ServiceStageProject,
		AuthToken: mockapi.ServiceStageAuthToken}, hc)
}

// An interrupted create (Ctrl-C, a timeout) that ServiceStage carried out still reaches state:
// the settling list runs after the interruption and adopts it.
func TestInterruptedCreateIsAdopted(t *testing.T) {
	mock, client := mockClient(t)
	// The mock makes the authorization at once, then holds the answer back.
	mock.InjectFault(mockapi.RouteServiceStageCreatePersonal, 1, mockapi.Fault{Delay: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()

	a, diags := createAuthorization(ctx, client, mockapi.ServiceStageProject, "github",
		CreateRequest{Name: "interrupted", Token: "ghp_interrupted"}, "token")
	if diags.HasError() || a == nil {
		t.Fatalf("want the authorization adopted, got %v", diags)
	}
	if a.Name != "interrupted" || a.TokenType != "personal" {
		t.Errorf("adopted %+v", a)
	}
	if n := mock.Calls(mockapi.RouteServiceStageCreatePersonal); n != 1 {
		t.Errorf("%d create calls, want 1: an interrupted create is not sent again", n)
	}
}

// A lost create adopts an authorization only when its repo_home is the one ServiceStage gives a
// create with that host: the organization URL itself on the public site, the token user's page on
// a server (with or without a sub-path), or on the public site when no host was given.
func TestSameHome(t *testing.T) {
	cases := []struct {
		repoType, host, home string
		same                 bool
	}{
		{"github", "https://github.com/tom-repo", "https://github.com/tom-repo", true},
		{"github", "https://github.com/tom-repo/", "https://GitHub.com/Tom-Repo", true},
		{"github", "https://github.com/tom-repo", "https://github.com/someone-else", false},
		{"github", "https://github.com/tom-repo", "https://github.com/tom-repo/mock-user", false},
		{"github", "", "https://github.com/mock-user", true},
		{"github", "", "https://github.com/tom-repo/x", false},
		{"github", "", "https://gitlab.com/mock-user", false},
		{"gitlab", "https://192.168.1.1:8080/gitlab", "https://192.168.1.1:8080/gitlab/mock-user", true},
		{"gitlab", "https://192.168.1.1:8080/gitlab/", "https://192.168.1.1:8080/gitlab/mock-user/", true},
		{"gitlab", "https://192.168.1.1:8080/gitlab", "https://192.168.1.1:8080/mock-user", false},
		{"gitlab", "https://192.168.1.1:8080/gitlab", "https://192.168.1.1:8080/gitlab/grp/mock-user", false},
		{"gitlab", "https://192.168.1.1:8080/gitlab", "https://192.168.1.1:8080/gitlab", false},
		{"gitlab", "https://gitlab.example.com", "https://gitlab.example.com/mock-user", true},
		{"gitlab", "https://gitlab.example.com", "https://gitlab.example.org/mock-user", false},
		{"gitlab", "https://gitlab.example.com", "https://gitlab.example.com.evil/mock-user", false},
		{"gitlab", "https://gitlab.com", "https://gitlab.com/mock-user", true},
		{"gitlab", "https://gitlab.com/grp", "https://gitlab.com/grp", true},
		{"gitlab", "https://gitlab.com/grp", "https://gitlab.com/grp/mock-user", false},
	}
	for _, c := range cases {
		if got := sameHome(c.home, c.host, c.repoType); got != c.same {
			t.Errorf("sameHome(%q, %q, %q) = %v, want %v", c.home, c.host, c.repoType, got, c.same)
		}
	}
}
