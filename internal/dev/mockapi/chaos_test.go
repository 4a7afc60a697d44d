package mockapi_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

// createUnderChaos sends n GitLab creates, one at a time, and returns what each got: its status,
// or "drop" when the connection closed without an answer.
func createUnderChaos(t *testing.T, base string, n int) []string {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	out := make([]string, n)
	for i := range n {
		body := fmt.Sprintf(`{"name":"chaos-%d","scopes":["api"],"expires_at":"2026-05-01"}`, i)
		req, _ := http.NewRequest("POST", base+"/projects/1/access_tokens", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("PRIVATE-TOKEN", mockapi.GitLabCredential)
		resp, err := client.Do(req)
		if err != nil {
			out[i] = "drop"
			continue
		}
		_ = resp.Body.Close()
		out[i] = fmt.Sprint(resp.StatusCode)
		if resp.StatusCode == 429 && resp.Header.Get("Retry-After") != "2" {
			t.Errorf("a 429 came with Retry-After %q, want 2", resp.Header.Get("Retry-After"))
		}
	}
	return out
}

// Chaos over HTTP, as make chaos sets it: about one call in one_in fails, every kind comes, the
// counts match what the client saw, a dropped or late create was carried out and a failed status
// was not, and the same seed fails the same calls.
func TestHTTPChaos(t *testing.T) {
	m, base := start(t)
	root := strings.TrimSuffix(base, "/gitlab/api/v4")
	chaos := `{"chaos":{"seed":7,"one_in":3,"slow_ms":1,"retry_after":2}}`
	if status, _, v := call(t, "POST", root+"/_mock/faults", "application/json", chaos); status != 201 {
		t.Fatalf("POST /_mock/faults: %d %v", status, v)
	}
	got := createUnderChaos(t, base, 300)
	_, _, v := call(t, "GET", root+"/_mock/faults", "", "")
	injected := v.(map[string]any)["injected"].(map[string]any)
	total := 0.0
	for _, kind := range mockapi.ChaosKinds {
		n, _ := injected[kind].(float64)
		if n == 0 {
			t.Errorf("no %s fault in 300 calls: %v", kind, injected)
		}
		total += n
	}
	late, _ := injected["late"].(float64)
	for _, kind := range []string{"429", "500", "502", "503", "drop"} {
		n, _ := injected[kind].(float64)
		if kind == "502" {
			n += late // the client sees a late answer as any 502
		}
		if float64(countOf(got, kind)) != n {
			t.Errorf("%s: the mock counts %v, the client saw %d", kind, n, countOf(got, kind))
		}
	}
	if total < 70 || total > 130 {
		t.Errorf("%v faults in 300 calls at one in 3", total)
	}
	if made, want := len(m.GitLabTokens()), countOf(got, "201")+countOf(got, "drop")+int(late); made != want {
		t.Errorf("the mock made %d tokens; the answered creates, the dropped ones and the late ones are %d", made, want)
	}

	call(t, "POST", root+"/_mock/faults", "application/json", chaos)
	if again := createUnderChaos(t, base, 300); !slices.Equal(again, got) {
		t.Error("the same seed failed other calls")
	}
	if status, _, _ := call(t, "DELETE", root+"/_mock/faults", "", ""); status != 204 {
		t.Errorf("DELETE /_mock/faults: %d", status)
	}
	if after := createUnderChaos(t, base, 50); countOf(after, "201") != 50 {
		t.Errorf("faults after DELETE /_mock/faults: %v", after)
	}
}

func TestHTTPChaosRefused(t *testing.T) {
	_, base := start(t)
	root := strings.TrimSuffix(base, "/gitlab/api/v4")
	for body, want := range map[string]string{
		`{"chaos":{"seed":1,"one_in":0}}`:                            "chaos.one_in must be 1 or more, got 0",
		`{"chaos":{"seed":1,"one_in":5,"slow_ms":-1}}`:               "must not be negative",
		`{"chaos":{"seed":1,"one_in":5},"path":"/x","method":"GET"}`: "give no method, path or action with it",
	} {
		status, _, v := call(t, "POST", root+"/_mock/faults", "application/json", body)
		if msg, _ := v.(map[string]any)["error"].(string); status != 400 || !strings.Contains(msg, want) {
			t.Errorf("%s: %d %v, want 400 saying %q", body, status, v, want)
		}
	}
}

func countOf(outcomes []string, want string) int {
	n := 0
	for _, o := range outcomes {
		if o == want {
			n++
		}
	}
	return n
}
