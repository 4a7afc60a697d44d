package httpclient

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// APIError is an error answer from a vendor API, with the vendor's own code and message.
type APIError struct {
	// API names the service, as a user knows it: "GitLab", "ServiceStage", "Developer Connect".
	API string
	// Status is the HTTP status code.
	Status int
	// Code is the vendor's error code, where the API has one (SVCSTG.REPO.0403, NOT_FOUND).
	Code string
	// Message is the vendor's message, as sent.
	Message string
	// RetryAfter is the Retry-After header of a 429 or 503, when the call gave up waiting.
	RetryAfter string
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("%s answered %d %s", e.API, e.Status, http.StatusText(e.Status))
	if e.Code != "" {
		s += " [" + e.Code + "]"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.RetryAfter != "" {
		s += fmt.Sprintf(" (Retry-After: %s; the provider gave up: it waits at most %s at a time and %s in all, "+
			"over a bounded number of retries)", e.RetryAfter, MaxRetryAfter, MaxTotalWait)
	}
	return s
}

// HasStatus reports whether err is an API answer with the given status code.
func HasStatus(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Status == status
}

var htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// maxMessage bounds how much of a body that is not the API's JSON reaches an error message.
const maxMessage = 200

// PlainText is what an error message shows of a body that is not the API's JSON: a proxy's HTML
// page by its title, other text as sent, cut short.
func PlainText(body []byte) string {
	if m := htmlTitle.FindSubmatch(body); m != nil {
		return "(an HTML page from a proxy: " + strings.TrimSpace(string(m[1])) + ")"
	}
	text := strings.TrimSpace(string(body))
	if len(text) > maxMessage {
		text = strings.ToValidUTF8(text[:maxMessage], "") + "..."
	}
	return text
}
