package gitlab_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/acctest/answers"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/gitlab"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

// addTokens adds n working tokens to the project (its ID) outside Terraform, and returns their IDs.
func addTokens(env *acctest.Env, project int64, n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = env.AddGitLabToken(mockapi.GitLabToken{ProjectID: project, Name: fmt.Sprintf("t%d", i),
			Scopes: []string{"read_api"}, AccessLevel: 30, ExpiresAt: "2026-09-01"})
	}
	return ids
}

// A refresh reads every token through one list per project, as the project is written, one call
// per page of 100, and no GET: the provider's server reads the tokens as Terraform does, ten at a
// time, in one process.
func TestRefreshListsEachProjectOnce(t *testing.T) {
	for _, c := range []struct {
		name       string
		perProject map[string]int // tokens per project, as written: its ID or its path
		lists      int
	}{
		{"one project", map[string]int{"demo/app": 30}, 1},
		{"two projects", map[string]int{"demo/app": 20, "2": 10}, 2},
		{"the same project in both forms", map[string]int{"demo/app": 5, "1": 5}, 2},
		{"more than 100 tokens", map[string]int{"demo/app": 250}, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			env := acctest.New(t)
			reads := tokenReads(t, env, c.perProject)
			before := env.Mock.AllCalls()
			refresh(t, env, reads)
			after := env.Mock.AllCalls()
			lists := after[mockapi.RouteGitLabListTokens] - before[mockapi.RouteGitLabListTokens]
			gets := after[mockapi.RouteGitLabGetToken] - before[mockapi.RouteGitLabGetToken]
			if lists != c.lists || gets != 0 {
				t.Errorf("%d reads made %d lists and %d GETs; want %d lists and no GET", len(reads), lists, gets, c.lists)
			}
		})
	}
}

// tokenRead is a token in state, to read as a refresh does.
type tokenRead struct {
	project string
	id      int64
}

// tokenReads adds the tokens to the mock and returns what a state holding them would read.
func tokenReads(t *testing.T, env *acctest.Env, perProject map[string]int) []tokenRead {
	t.Helper()
	var reads []tokenRead
	for project, n := range perProject {
		id := int64(1)
		if project == "2" {
			id = 2
		}
		for _, token := range addTokens(env, id, n) {
			reads = append(reads, tokenRead{project: project, id: token})
		}
	}
	return reads
}

// refresh reads every token through the provider's server, ten at a time, and fails t unless each
// read keeps its token.
func refresh(t *testing.T, env *acctest.Env, reads []tokenRead) {
	t.Helper()
	server, schemas := env.Serve(t, map[string]map[string]tftypes.Value{"gitlab": {
		"base_url": tftypes.NewValue(tftypes.String, env.GitLabURL()),
		"token":    tftypes.NewValue(tftypes.String, mockapi.GitLabCredential),
	}})
	typ := schemas.ResourceSchemas["gitlab_project_access_token"].ValueType().(tftypes.Object)
	requests := make([]*tfprotov6.ReadResourceRequest, len(reads))
	for i, r := range reads {
		requests[i] = &tfprotov6.ReadResourceRequest{TypeName: "gitlab_project_access_token", CurrentState: acctest.Dynamic(t, typ,
			map[string]tftypes.Value{
				"id":       tftypes.NewValue(tftypes.String, fmt.Sprintf("%s:%d", r.project, r.id)),
				"project":  tftypes.NewValue(tftypes.String, r.project),
				"token_id": tftypes.NewValue(tftypes.Number, r.id),
				"name":     tftypes.NewValue(tftypes.String, "in state"),
			})}
	}
	work := make(chan *tfprotov6.ReadResourceRequest)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			for req := range work {
				resp, err := server.ReadResource(context.Background(), req)
				if err != nil || len(resp.Diagnostics) > 0 || resp.NewState == nil {
					t.Errorf("read: %v %v", err, resp.Diagnostics)
				}
			}
		})
	}
	for _, req := range requests {
		work <- req
	}
	close(work)
	wg.Wait()
}

// calls counts a client's list and GET calls since the last count.
type calls struct {
	mock        *mockapi.Server
	lists, gets int
}

// since returns the lists and GETs made since the last call.
func (c *calls) since() (lists, gets int) {
	l, g := c.mock.Calls(mockapi.RouteGitLabListTokens), c.mock.Calls(mockapi.RouteGitLabGetToken)
	lists, gets = l-c.lists, g-c.gets
	c.lists, c.gets = l, g
	return lists, gets
}

// readFromList reads the token and fails t unless it came from a new list (listed) or the one
// kept, without a GET.
func readFromList(t *testing.T, c *gitlab.Client, counted *calls, id int64, listed bool) *gitlab.Token {
	t.Helper()
	counted.since()
	tok, err := c.ReadToken(context.Background(), "demo/app", id)
	if err != nil {
		t.Fatalf("reading token %d: %v", id, err)
	}
	lists, gets := counted.since()
	want := 0
	if listed {
		want = 1
	}
	if lists != want || gets != 0 {
		t.Errorf("reading token %d made %d lists and %d GETs; want %d lists and no GET", id, lists, gets, want)
	}
	return tok
}

var request = gitlab.CreateRequest{Name: "ci", Scopes: []string{"api"}, AccessLevel: 40, ExpiresAt: "2026-05-01"}

// clientWithToken returns a client that made a token in demo/app, then read it from a list.
func clientWithToken(t *testing.T) (*gitlab.Client, *calls, *gitlab.Token) {
	t.Helper()
	c, mock := newClient(t, acctest.Start)
	tok, err := c.CreateToken(context.Background(), "demo/app", request)
	if err != nil {
		t.Fatal(err)
	}
	counted := &calls{mock: mock}
	readFromList(t, c, counted, tok.ID, true)
	return c, counted, tok
}

// A create, a rotation and a revoke each make the next read list the project again, which then
// holds what they changed; reads in between share the list.
func TestListsAreForgottenAfterACreateARotationAndARevoke(t *testing.T) {
	c, counted, a := clientWithToken(t)
	ctx := context.Background()
	readFromList(t, c, counted, a.ID, false)
	b, err := c.CreateToken(ctx, "demo/app", request)
	if err != nil {
		t.Fatal(err)
	}
	readFromList(t, c, counted, b.ID, true)
	rotated, err := c.RotateToken(ctx, "demo/app", b.ID, request)
	if err != nil {
		t.Fatal(err)
	}
	readFromList(t, c, counted, rotated.ID, true)
	if old := readFromList(t, c, counted, b.ID, false); !old.Revoked {
		t.Errorf("the rotated token reads as not revoked")
	}
	if err := c.Revoke(ctx, "demo/app", a.ID); err != nil {
		t.Fatal(err)
	}
	if revoked := readFromList(t, c, counted, a.ID, true); !revoked.Revoked {
		t.Errorf("the revoked token reads as not revoked")
	}
}

// A create or a rotation that is unconfirmed, or a revoke whose answer was lost, may have changed the project all the
// same: the next read lists it again.
func TestListsAreForgottenAfterAnUnconfirmedCall(t *testing.T) {
	c, counted, tok := clientWithToken(t)
	ctx, mock := context.Background(), counted.mock
	lost := mockapi.Fault{DropAfterProcessing: true}
	for _, call := range []struct {
		route string
		send  func() error
	}{
		{mockapi.RouteGitLabCreateToken, func() error { _, err := c.CreateToken(ctx, "demo/app", request); return err }},
		{mockapi.RouteGitLabRotateToken, func() error { _, err := c.RotateToken(ctx, "demo/app", tok.ID, request); return err }},
		// A revoke is tried again after a lost answer: every try is lost.
		{mockapi.RouteGitLabRevokeToken, func() error { return c.Revoke(ctx, "demo/app", tok.ID) }},
	} {
		mock.InjectFault(call.route, 10, lost)
		var unconfirmed *gitlab.UnconfirmedError
		if err := call.send(); err == nil || (call.route != mockapi.RouteGitLabRevokeToken && !errors.As(err, &unconfirmed)) {
			t.Fatalf("%s: %v, want a lost answer", call.route, err)
		}
		mock.ClearFaults()
		readFromList(t, c, counted, tok.ID, true)
	}
}

// A list answered before a create lands, but read after it, lacks the new token: the reads after
// the create list again rather than take that answer.
func TestListInFlightAcrossACreateIsNotKept(t *testing.T) {
	hc := httpclient.New(httpclient.Config{})
	held := answers.Hold(hc.Transport)
	hc.Transport = held
	c, mock := newClientOver(t, acctest.Start, hc)
	ctx, counted := context.Background(), &calls{mock: mock}
	before := mock.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "before", Scopes: []string{"api"}, ExpiresAt: "2026-05-01"})
	inFlight := make(chan error, 1)
	go func() {
		_, err := c.ReadToken(ctx, "demo/app", before)
		inFlight <- err
	}()
	<-held.Answered
	made, err := c.CreateToken(ctx, "demo/app", request)
	held.Release()
	if err != nil {
		t.Fatal(err)
	}
	if err := <-inFlight; err != nil {
		t.Fatal(err)
	}
	counted.since()
	readFromList(t, c, counted, made.ID, true)
}

// A list that fails once is tried again by the HTTP layer, as any read is.
func TestAListThatFailsOnceIsTriedAgain(t *testing.T) {
	c, mock := newClientOver(t, acctest.Start, httpclient.New(httpclient.Config{Retries: 1, RetryWaitMin: time.Millisecond}))
	id := mock.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: "x", Scopes: []string{"api"}, ExpiresAt: "2026-05-01"})
	mock.InjectFault(mockapi.RouteGitLabListTokens, 1, mockapi.Fault{Status: 503})
	tok, err := c.ReadToken(context.Background(), "demo/app", id)
	if lists, gets := (&calls{mock: mock}).since(); err != nil || tok.ID != id || lists != 2 || gets != 0 {
		t.Errorf("%v %v after %d lists and %d GETs; want the token, from the 503 and its retry, without a GET", tok, err, lists, gets)
	}
}

// The list, the resource's reads and the list resource share one answer per project, which each
// filters by state.
func TestListTokensInFiltersTheSharedList(t *testing.T) {
	c, mock := newClient(t, acctest.Start)
	add := func(name, expires string) int64 {
		return mock.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: name, Scopes: []string{"api"}, ExpiresAt: expires})
	}
	live, expired, revoked := add("live", "2026-05-01"), add("expired", "2026-03-01"), add("revoked", "2026-05-01")
	mock.RevokeGitLabToken(revoked)
	ctx := context.Background()
	for _, q := range []struct {
		state string
		limit int
		want  []int64
	}{
		{"active", -1, []int64{live}},
		{"inactive", -1, []int64{expired, revoked}},
		{"", -1, []int64{live, expired, revoked}},
		{"", 2, []int64{live, expired}},
	} {
		tokens, err := c.ListTokensIn(ctx, "demo/app", q.state, q.limit)
		var got []int64
		for _, tok := range tokens {
			got = append(got, tok.ID)
		}
		if err != nil || fmt.Sprint(got) != fmt.Sprint(q.want) {
			t.Errorf("state %q, limit %d: %v %v, want %v", q.state, q.limit, got, err, q.want)
		}
	}
	if _, err := c.ReadToken(ctx, "demo/app", revoked); err != nil {
		t.Fatal(err)
	}
	if n := mock.Calls(mockapi.RouteGitLabListTokens); n != 1 {
		t.Errorf("%d list calls, want 1 for every read of the project", n)
	}
	if _, err := c.ListTokensIn(ctx, "demo/app", "revoked", -1); err == nil {
		t.Error("state revoked: no error")
	}
}

// GitLab before 17.2 lists only active tokens: a revoked one, missing from the list, is read by
// its own GET, which alone can say that a token is gone.
func TestTokenMissingFromTheListIsReadByItsGet(t *testing.T) {
	c, mock := newClient(t, acctest.Start)
	mock.SetGitLabListsOnlyActive(true)
	add := func(name string) int64 {
		return mock.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: name, Scopes: []string{"api"}, ExpiresAt: "2026-05-01"})
	}
	revoked, deleted := add("revoked"), add("deleted")
	mock.RevokeGitLabToken(revoked)
	mock.DeleteGitLabToken(deleted)
	ctx, counted := context.Background(), &calls{mock: mock}
	tok, err := c.ReadToken(ctx, "demo/app", revoked)
	if lists, gets := counted.since(); err != nil || !tok.Revoked || lists != 1 || gets != 1 {
		t.Errorf("the revoked token: %v %v after %d lists and %d GETs; want it revoked, by one list and one GET", tok, err, lists, gets)
	}
	_, err = c.ReadToken(ctx, "demo/app", deleted)
	var listErr *gitlab.ListError
	if !httpclient.HasStatus(err, 404) || errors.As(err, &listErr) {
		t.Errorf("the deleted token: %v, want its GET's 404", err)
	}
}

// A token revoked while its project's list is read page after page does not hide another: GitLab
// keeps a revoked token in the list of all states, so the offsets do not shift, and the active
// ones are told apart here. (With GitLab's state=active filter, the first token of the next page
// was skipped, and a configuration driven by the active list destroyed it: a live token revoked,
// as a hostile review found.)
func TestATokenRevokedBetweenPagesHidesNoOther(t *testing.T) {
	c, mock := newClient(t, acctest.Start)
	var ids []int64
	for i := range 101 {
		ids = append(ids, mock.AddGitLabToken(mockapi.GitLabToken{ProjectID: 1, Name: fmt.Sprintf("t%d", i),
			Scopes: []string{"read_api"}, AccessLevel: 30, ExpiresAt: "2026-09-01"}))
	}
	mock.InjectFault(mockapi.RouteGitLabListTokens, 1, mockapi.Fault{}) // page 1 as it is
	mock.InjectFault(mockapi.RouteGitLabListTokens, 1, mockapi.Fault{Meanwhile: func() { mock.RevokeGitLabToken(ids[0]) }})
	tokens, err := c.ListTokensIn(context.Background(), "demo/app", "active", -1)
	if err != nil {
		t.Fatal(err)
	}
	// The first was read before it was revoked; what matters is that the last is not lost.
	if len(tokens) != 101 || tokens[100].ID != ids[100] {
		t.Errorf("%d active tokens, the last %d; want all 101 as read, the last %d", len(tokens), tokens[len(tokens)-1].ID, ids[100])
	}
}
