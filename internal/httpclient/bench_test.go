package httpclient

import (
	"strings"
	"testing"
)

// BenchmarkRedactBody measures the redaction every logged response body goes through: a page of
// 20 GitLab tokens, about 5 KiB.
func BenchmarkRedactBody(b *testing.B) {
	item := `{"id":42,"user_id":1000,"name":"ci","description":"","scopes":["api","read_repository"],` +
		`"expires_at":"2026-06-01","active":true,"revoked":false,"created_at":"2026-03-10T09:30:00.000Z",` +
		`"last_used_at":null,"access_level":40,"token":"glpat-AbCdEfGhIjKlMnOpQrSt"}`
	body := []byte("[" + strings.Repeat(item+",", 19) + item + "]")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if strings.Contains(redactBody(body), "glpat-") {
			b.Fatal("secret left in")
		}
	}
}
