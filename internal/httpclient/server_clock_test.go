package httpclient_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/httpclient"
)

func TestServerClock(t *testing.T) {
	var c httpclient.ServerClock
	if _, ok := c.At(time.Now()); ok {
		t.Fatal("an estimate before any answer")
	}
	date := func(t time.Time) http.Header { return http.Header{"Date": {t.Format(http.TimeFormat)}} }
	server := time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)
	c.Observe(date(server.Add(time.Hour))) // one node whose clock runs an hour ahead
	c.Observe(date(server))
	c.Observe(http.Header{}) // no Date: changes nothing
	at, _ := c.At(time.Now())
	if d := at.Sub(server); d < 0 || d > time.Second {
		t.Errorf("estimate %s, want %s, from the answer that arrived last", at, server)
	}
	if got := c.Latest(); !got.Equal(server.Add(time.Hour)) {
		t.Errorf("Latest() = %s, want the latest Date seen", got)
	}
}
