package httpclient

import (
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestTLSConfig(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	get := func(caFile string, insecure bool) error {
		cfg, err := TLSConfig(caFile, insecure)
		if err != nil {
			return err
		}
		resp, err := New(Config{TLS: cfg}).Get(srv.URL)
		if err == nil {
			_ = resp.Body.Close()
		}
		return err
	}
	if err := get("", false); err == nil {
		t.Error("a private CA was trusted without cacert_file")
	}
	if err := get(caFile, false); err != nil {
		t.Errorf("cacert_file: %v", err)
	}
	if err := get("", true); err != nil {
		t.Errorf("insecure: %v", err)
	}
	if _, err := TLSConfig(filepath.Join(t.TempDir(), "missing.pem"), false); err == nil {
		t.Error("a missing CA file was accepted")
	}
}
