package mockapi

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http/httptest"
	"testing"
)

// The official test vector of the Huawei Cloud API signing guide. It is signed in 2019, so it can
// only be checked here, below the date check.
func TestServiceStageVerifierComputesTheOfficialVector(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest("GET",
		"https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0", nil)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Sdk-Date", "20191115T033655Z")
	signed := []string{"content-type", "host", "x-sdk-date"}

	canonical := sdkCanonicalRequest(r, signed, nil)
	sum := sha256.Sum256([]byte(canonical))
	if got := hex.EncodeToString(sum[:]); got != "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a" {
		t.Errorf("canonical request hash %s of:\n%s", got, canonical)
	}
	if got := sdkSignature("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", "20191115T033655Z", canonical); got != "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe" {
		t.Errorf("signature %s", got)
	}
}

func TestSDKCanonicalURIAndQuery(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"/v1/p/git/auths":        "/v1/p/git/auths/",
		"/v1/p/git/auths/":       "/v1/p/git/auths/",
		"/a%2fb/c%7Ed/e%20f/g+h": "/a%2Fb/c~d/e%20f/g%2Bh/",
		"/x/n%C3%A4me":           "/x/n%C3%A4me/",
	} {
		if got := sdkCanonicalURI(in); got != want {
			t.Errorf("sdkCanonicalURI(%q) = %q, want %q", in, got, want)
		}
	}
	r := httptest.NewRequest("GET", "/x?b=2&a=z&a=y&c=a+b&d=%2A", nil)
	if got, want := sdkCanonicalQuery(r.URL.Query()), "a=y&a=z&b=2&c=a%20b&d=%2A"; got != want {
		t.Errorf("sdkCanonicalQuery = %q, want %q", got, want)
	}
}
