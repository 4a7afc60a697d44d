package mockapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// The test controls over HTTP, for scripts that drive the real Terraform CLI against the mock
// command. They need no credential: the mock only ever listens where its user starts it.
const (
	RouteInventory   = "GET /_mock/inventory"
	RouteCalls       = "GET /_mock/calls"
	RouteFaults      = "POST /_mock/faults"
	RouteFaultCounts = "GET /_mock/faults"
	RouteClearFaults = "DELETE /_mock/faults"
	// RouteDropInactive deletes the GitLab tokens that no longer work, as GitLab does 30 days after.
	RouteDropInactive = "DELETE /_mock/gitlab/inactive_tokens"
)

// FaultRequest is the body of POST /_mock/faults: one fault for an exact path, or Chaos.
type FaultRequest struct {
	// Chaos, when set, starts random faults on every vendor call; the other fields must be empty.
	Chaos  *Chaos `json:"chaos,omitempty"`
	Method string `json:"method"`
	// Path must equal the request's path (as sent, or decoded).
	Path  string `json:"path"`
	Times int    `json:"times"`
	// Action is "drop" (process, then close the connection without answering), "status" (answer
	// Status, with RetryAfter seconds if given) or "delay" (answer after DelayMS, processing as usual).
	Action     string `json:"action"`
	Status     int    `json:"status"`
	RetryAfter int    `json:"retry_after"`
	DelayMS    int    `json:"delay_ms"`
}

var faultActions = []string{"drop", "status", "delay"}

func (s *Server) routeControls() {
	s.mux.HandleFunc(RouteInventory, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.Inventory())
	})
	s.mux.HandleFunc(RouteCalls, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.AllCalls())
	})
	s.mux.HandleFunc(RouteFaults, s.postFault)
	s.mux.HandleFunc(RouteFaultCounts, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, FaultCounts{Injected: s.ChaosInjected()})
	})
	s.mux.HandleFunc(RouteClearFaults, func(w http.ResponseWriter, _ *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	s.mux.HandleFunc(RouteDropInactive, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]int{"dropped": s.DropInactiveGitLabTokens()})
	})
}

// Inventory returns everything the mock holds, by family, as JSON-ready values.
func (s *Server) Inventory() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]any, len(s.families))
	for _, f := range s.families {
		out[f.name()] = f.inventory(s)
	}
	return out
}

func (s *Server) postFault(w http.ResponseWriter, r *http.Request) {
	var req FaultRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body is not a fault: " + err.Error()})
		return
	}
	if req.Chaos != nil {
		s.postChaos(w, req)
		return
	}
	f, problem := req.fault()
	if problem != "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": problem})
		return
	}
	s.InjectPathFault(req.Method, req.Path, max(req.Times, 1), f)
	writeJSON(w, http.StatusCreated, req)
}

// FaultCounts is the answer of GET /_mock/faults: the faults Chaos injected, by kind.
type FaultCounts struct {
	Injected map[string]int `json:"injected"`
}

func (s *Server) postChaos(w http.ResponseWriter, req FaultRequest) {
	c := *req.Chaos
	var problem string
	switch {
	case req.Method != "" || req.Path != "" || req.Action != "":
		problem = "chaos applies to every call: give no method, path or action with it"
	case c.OneIn < 1:
		problem = fmt.Sprintf("chaos.one_in must be 1 or more, got %d", c.OneIn)
	case c.SlowMS < 0 || c.RetryAfter < 0:
		problem = "chaos.slow_ms and chaos.retry_after must not be negative"
	}
	if problem != "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": problem})
		return
	}
	s.SetChaos(c)
	writeJSON(w, http.StatusCreated, req)
}

func (req FaultRequest) fault() (Fault, string) {
	if req.Method == "" || req.Path == "" {
		return Fault{}, "method and path are required"
	}
	switch req.Action {
	case "drop":
		return Fault{DropAfterProcessing: true}, ""
	case "status":
		if req.Status < 400 || req.Status > 599 {
			return Fault{}, fmt.Sprintf("status must be from 400 to 599, got %d", req.Status)
		}
		f := Fault{Status: req.Status}
		if req.RetryAfter > 0 {
			f.RetryAfter = fmt.Sprint(req.RetryAfter)
		}
		return f, ""
	case "delay":
		return Fault{Delay: time.Duration(req.DelayMS) * time.Millisecond}, ""
	}
	return Fault{}, fmt.Sprintf("action must be one of %v, got %q", faultActions, req.Action)
}
