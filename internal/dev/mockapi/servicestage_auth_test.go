package mockapi

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
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

// sdkVector is a request the official Huawei Cloud Go SDK signed, as the signer's tests hold them.
type sdkVector struct {
	Name      string            `json:"name"`
	AccessKey string            `json:"access_key"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers"`
	Body      string            `json:"body"`
}

// request is the vector as the gateway receives it, with the body given.
func (v sdkVector) request(body string) *http.Request {
	r := httptest.NewRequest(v.Method, v.URL, strings.NewReader(body))
	for k, value := range v.Headers {
		r.Header.Set(k, value)
	}
	return r
}

// The gateway accepts every request the official SDK signed (at their date: they were signed at a
// fixed one), and refuses each once tampered with.
func TestServiceStageVerifierAcceptsTheOfficialSDK(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../servicestage/signer/testdata/sdk-signatures.json")
	if err != nil {
		t.Fatal(err)
	}
	var vectors []sdkVector
	if err := json.Unmarshal(data, &vectors); err != nil {
		t.Fatal(err)
	}
	for _, v := range vectors {
		at, err := time.Parse(sdkDateLayout, v.Headers["X-Sdk-Date"])
		if err != nil {
			t.Fatal(err)
		}
		project := strings.Split(v.URL, "/")[4]
		if problem := signatureProblem(v.request(v.Body), project, at); problem != "" {
			t.Errorf("%s: refused: %s", v.Name, problem)
		}
		tampered := map[string]*http.Request{"body": v.request(v.Body + " "), "date": v.request(v.Body)}
		tampered["date"].Header.Set("X-Sdk-Date", at.Add(time.Second).Format(sdkDateLayout))
		for what, r := range tampered {
			if signatureProblem(r, project, at) == "" {
				t.Errorf("%s with its %s changed: accepted", v.Name, what)
			}
		}
		if problem := signatureProblem(v.request(v.Body), project, at.Add(16*time.Minute)); !strings.Contains(problem, "more than 15 minutes") {
			t.Errorf("%s, 16 minutes late: %q", v.Name, problem)
		}
	}
}
