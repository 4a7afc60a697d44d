package developerconnect

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

const link = mockapi.DeveloperConnectGitHubLink

// A server that answers 200 with something other than a read token gives an error, never a
// panic or an empty token.
func TestAnswersThatAreNotAReadToken(t *testing.T) {
	for _, body := range []string{"null", "{}", `{"token":""}`, "", "garbage", "<html><title>Hi</title></html>", `{"token":7}`} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, body)
		}))
		client, err := NewClient(context.Background(), Settings{Endpoint: srv.URL + "/", AccessToken: "t"}, httpclient.New(httpclient.Config{}))
		if err != nil {
			t.Fatal(err)
		}
		tok, err := client.FetchReadToken(context.Background(), link)
		if !errors.Is(err, ErrNotAToken) {
			t.Errorf("body %q: got %+v, %v; want ErrNotAToken", body, tok, err)
		}
		srv.Close()
	}
}

// Minting an access token changes nothing, so a busy token endpoint is asked again.
func TestBusyTokenEndpointIsAskedAgain(t *testing.T) {
	mock := mockapi.New(mockapi.Options{})
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	key := mock.DeveloperConnectServiceAccountJSON(srv.URL + "/developerconnect/token")
	mock.InjectFault(mockapi.RouteDeveloperConnectOAuthToken, 1, mockapi.Fault{Status: http.StatusServiceUnavailable})
	client, err := NewClient(context.Background(), Settings{Endpoint: srv.URL + "/developerconnect/", Credentials: key},
		httpclient.New(httpclient.Config{Retries: 2}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.FetchReadToken(context.Background(), link); err != nil {
		t.Fatal(err)
	}
	if n := mock.Calls(mockapi.RouteDeveloperConnectOAuthToken); n != 2 {
		t.Errorf("%d calls to the token endpoint, want 2", n)
	}
}
