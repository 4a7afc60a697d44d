package servicestage

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/mockapi"
)

// An interrupted create (Ctrl-C, a timeout) that ServiceStage carried out still reaches state:
// the settling list runs after the interruption and adopts it.
func TestInterruptedCreateIsAdopted(t *testing.T) {
	mock := mockapi.New(mockapi.Options{})
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	client := NewClient(Settings{Endpoint: srv.URL + "/servicestage", ProjectID: mockapi.ServiceStageProject,
		AuthToken: mockapi.ServiceStageAuthToken}, httpclient.New(httpclient.Config{}))
	// The mock makes the authorization at once, then holds the answer back.
	mock.InjectFault(mockapi.RouteServiceStageCreatePersonal, 1, mockapi.Fault{Delay: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()

	a, diags := createAuthorization(ctx, client, mockapi.ServiceStageProject, "github",
		CreateRequest{Name: "interrupted", Token: "ghp_interrupted"})
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
