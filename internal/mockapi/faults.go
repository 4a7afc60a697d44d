package mockapi

import (
	"net/http"
	"net/http/httptest"
	"time"
)

// Fault is what the mock does to a call instead of, or besides, answering it normally.
type Fault struct {
	// Status answers with this code and the vendor's error body, without processing the request.
	Status int
	// RetryAfter, with Status, is sent as the Retry-After header (seconds, as a string).
	RetryAfter string
	// Delay holds the answer back this long. The request is processed first, as a slow server
	// would: a client that gives up early cannot know whether its call took effect.
	Delay time.Duration
	// DropAfterProcessing processes the request, then closes the connection without an answer:
	// the client cannot know whether its call took effect.
	DropAfterProcessing bool
}

// InjectFault makes the next times calls of route (a pattern such as RouteGitLabCreateToken) fail
// with f. Faults queue up per route.
func (s *Server) InjectFault(route string, times int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range times {
		s.faults[route] = append(s.faults[route], f)
	}
}

// Calls returns how many requests reached route, faulted ones included.
func (s *Server) Calls(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[route]
}

func (s *Server) nextFault(route string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[route]++
	queue := s.faults[route]
	if len(queue) == 0 {
		return Fault{}, false
	}
	s.faults[route] = queue[1:]
	return queue[0], true
}

func (s *Server) instrument(route string, fail errorWriter, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, ok := s.nextFault(route)
		if !ok {
			h(w, r)
			return
		}
		switch {
		case f.Status != 0:
			if f.RetryAfter != "" {
				w.Header().Set("Retry-After", f.RetryAfter)
			}
			wait(r, f.Delay)
			fail(w, f.Status, http.StatusText(f.Status))
		case f.DropAfterProcessing:
			h(httptest.NewRecorder(), r)
			dropConnection(w)
		default:
			rec := httptest.NewRecorder()
			h(rec, r)
			wait(r, f.Delay)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		}
	}
}

// wait sleeps for d, or until the client has gone.
func wait(r *http.Request, d time.Duration) {
	select {
	case <-time.After(d):
	case <-r.Context().Done():
	}
}

func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // HTTP/2: abort the stream instead
	}
	_ = conn.Close()
}
