package servicestage

import (
	"context"
	"slices"
	"testing"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest/answers"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// One process (a plan, an apply) lists a project once, until it creates or deletes there: a list
// after the create holds the new authorization, a list after the delete does not.
func TestListsForgetWhatACreateOrDeleteChanged(t *testing.T) {
	mock, client := mockClient(t)
	ctx, project := context.Background(), mockapi.ServiceStageProject
	listed := func(step string) []string {
		t.Helper()
		l, err := client.List(ctx, project)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		var names []string
		for _, a := range l.Authorizations {
			names = append(names, a.Name)
		}
		return names
	}
	if got := listed("first list"); slices.Contains(got, "made-here") {
		t.Fatalf("first list %v", got)
	}
	listed("second list")
	if n := mock.Calls(mockapi.RouteServiceStageListAuths); n != 1 {
		t.Errorf("%d list calls for two lists, want 1: the answer is shared", n)
	}
	if _, err := client.CreatePrivateToken(ctx, project, "github", CreateRequest{Name: "made-here", Token: "ghp_x"}); err != nil {
		t.Fatal(err)
	}
	if got := listed("list after the create"); !slices.Contains(got, "made-here") {
		t.Errorf("the list after the create lacks it: %v", got)
	}
	if err := client.Delete(ctx, project, "made-here"); err != nil {
		t.Fatal(err)
	}
	if got := listed("list after the delete"); slices.Contains(got, "made-here") {
		t.Errorf("the list after the delete still holds it: %v", got)
	}
}

// A list answered before a create lands, but read after it, is out of date: the lists that follow
// the create must hold the new authorization, not be served that older answer.
func TestListInFlightAcrossACreateIsNotKept(t *testing.T) {
	hc := httpclient.New(httpclient.Config{})
	held := answers.Hold(hc.Transport)
	hc.Transport = held
	_, client := mockClientOver(t, hc)
	ctx, project := context.Background(), mockapi.ServiceStageProject
	inFlight := make(chan error, 1)
	go func() {
		_, err := client.List(ctx, project)
		inFlight <- err
	}()
	<-held.Answered
	_, err := client.CreatePrivateToken(ctx, project, "github", CreateRequest{Name: "made-here", Token: "ghp_x"})
	held.Release()
	if err != nil {
		t.Fatal(err)
	}
	if err := <-inFlight; err != nil {
		t.Fatal(err)
	}
	l, err := client.List(ctx, project)
	if err != nil {
		t.Fatal(err)
	}
	if l.Find("made-here") == nil {
		t.Errorf("the list after the create lacks it: it got the answer of the list that was in flight")
	}
}
