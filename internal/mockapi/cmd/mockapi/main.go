// Command mockapi serves the in-memory mock of the GitLab, ServiceStage and Developer Connect APIs,
// for the demo and for trying the provider by hand.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/mockapi"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8080", "address to listen on; port 0 picks a free one")
	flag.Parse()

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Handler: mockapi.New(mockapi.Options{}), ReadHeaderTimeout: 10 * time.Second}
	// Printed only once the socket accepts connections, so a script can wait for this line.
	fmt.Printf("mockapi listening on http://%s\n", ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		_ = srv.Shutdown(context.Background())
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
