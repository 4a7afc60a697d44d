// Command devenv builds this checkout's provider, writes a Terraform CLI configuration that uses
// it, starts the mock APIs, and prints the export lines that point Terraform and the provider at
// them. It serves the mock until interrupted; with -listen "" it only builds and exits.
//
//	go run ./internal/dev/devenv/cmd/devenv            # or: make dev
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/devenv"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

func main() {
	dir := flag.String("dir", filepath.Join(os.TempDir(), "gitauth-dev"), "where to put the build and the CLI configuration")
	listen := flag.String("listen", "127.0.0.1:0", `address of the mock APIs; "" starts no mock`)
	flag.Parse()
	if err := run(*dir, *listen); err != nil {
		log.Fatal(err)
	}
}

func run(dir, listen string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	cliConfig, err := devenv.Build(dir)
	if err != nil {
		return err
	}
	fmt.Printf("export TF_CLI_CONFIG_FILE=%s\n", cliConfig)
	if listen == "" {
		return nil
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	for _, kv := range devenv.MockEnv(url) {
		fmt.Printf("export %s=%s\n", kv[0], kv[1])
	}
	// Printed last, once the socket accepts connections, so a script can wait for this line.
	fmt.Printf("# mock APIs at %s (controls under %s/_mock/); Ctrl-C stops them\n", url, url)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return mockapi.New(mockapi.Options{}).Serve(ctx, ln)
}
