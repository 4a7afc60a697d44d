// Package mockapi is an in-memory stand-in for the vendor APIs the provider talks to, served by one
// http.Handler, each family under its own path (GitLab under /gitlab/api/v4, Huawei Cloud
// ServiceStage at the root, /v1/{project_id}/git/auths, as the official SDK calls it, Google Developer
// Connect and its OAuth 2.0 token endpoint under /developerconnect). It answers with the vendors' paths, status codes, error bodies and auth
// checks, so the official clients work against it unchanged. Tests and scripts can read its
// inventory, count calls per route and inject faults, in process or over /_mock/; it imports nothing
// of the provider.
package mockapi

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Options configure a Server. The zero value is ready to use.
type Options struct {
	// Now is the mock's clock; tests share one with the provider to move time. Nil means time.Now.
	Now func() time.Time
	// GatewayNow is the time ServiceStage's gateway checks a signature's X-Sdk-Date against, within
	// 15 minutes. Nil means the real time, not Now: clients sign with the real time, while tests set
	// Now in the past. Set it to replay requests signed at another time.
	GatewayNow func() time.Time
	// Latency delays every call of the vendor APIs this long before it is processed, as the round
	// trip to a distant server would. The controls under /_mock/ answer at once, so that a script
	// reading the call counts does not add to what it measures. Zero means no delay.
	Latency time.Duration
}

// controlPrefix starts the paths of the test controls (control.go), which Latency leaves alone.
const controlPrefix = "/_mock/"

// family is one vendor API the mock serves. Each registers its routes and reports what it holds.
type family interface {
	// name is the family's key in the inventory, such as "gitlab".
	name() string
	route(s *Server)
	// inventory returns what the family holds, as JSON; the caller holds s.mu.
	inventory(s *Server) any
}

// Server is the mock of the vendor APIs. It is safe for concurrent use.
type Server struct {
	mux *http.ServeMux
	now func() time.Time
	// gatewayNow is Options.GatewayNow, or time.Now.
	gatewayNow func() time.Time
	latency    time.Duration

	mu               sync.Mutex
	calls            map[string]int
	faults           []*queuedFault
	chaos            *chaosState
	families         []family
	gitlab           *gitlabState
	servicestage     *servicestageState
	developerconnect *developerconnectState
}

// New returns a Server holding the seeded fixtures the developer guide (internal/dev/README.md) lists.
func New(opts Options) *Server {
	s := &Server{mux: http.NewServeMux(), now: opts.Now, latency: opts.Latency, calls: map[string]int{},
		gitlab: newGitLabState(), servicestage: newServiceStageState(), developerconnect: &developerconnectState{}}
	if s.now == nil {
		s.now = time.Now
	}
	s.gatewayNow = opts.GatewayNow
	if s.gatewayNow == nil {
		s.gatewayNow = time.Now
	}
	s.families = []family{s.gitlab, s.servicestage, s.developerconnect}
	for _, f := range s.families {
		f.route(s)
	}
	s.routeControls()
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.latency > 0 && !strings.HasPrefix(r.URL.Path, controlPrefix) {
		wait(r, s.latency)
	}
	// Answers carry the mock's clock, as a server's Date header carries its own.
	w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
	s.mux.ServeHTTP(w, r)
}

// errorWriter writes a vendor-shaped error body for a status.
type errorWriter func(w http.ResponseWriter, status int, message string)

// handle registers a route. The pattern is also the route's name for Calls and InjectFault.
func (s *Server) handle(pattern string, fail errorWriter, h http.HandlerFunc) {
	s.mux.HandleFunc(pattern, s.instrument(pattern, fail, h))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONType(w, "application/json", status, v)
}

// writeJSONType writes v as JSON under contentType, for vendors whose Content-Type names a charset.
func writeJSONType(w http.ResponseWriter, contentType string, status int, v any) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Serve answers connections on ln until ctx ends, then shuts down cleanly.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Shutdown(context.WithoutCancel(ctx))
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
