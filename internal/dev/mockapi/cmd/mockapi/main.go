// Command mockapi serves the in-memory mock of the vendor APIs (see package mockapi), for the demo,
// the benchmarks and trying the provider by hand. -latency adds a fixed delay to every API answer,
// as a distant server would (the benchmark's -latency); -gateway-time fixes the time ServiceStage
// signatures are checked against, to replay requests signed at another time.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/dev/mockapi"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8080", "address to listen on; port 0 picks a free one")
	latency := flag.Duration("latency", 0, "a fixed delay before every API answer, such as 20ms (none for /_mock/)")
	gatewayTime := flag.String("gateway-time", "", "RFC 3339 time ServiceStage's gateway checks signatures against, "+
		"to replay requests signed at another time; default the real time")
	flag.Parse()
	if *latency < 0 {
		log.Fatalf("-latency %v: must not be negative", *latency)
	}
	opts := mockapi.Options{Latency: *latency}
	if *gatewayTime != "" {
		at, err := time.Parse(time.RFC3339, *gatewayTime)
		if err != nil {
			log.Fatalf("-gateway-time: %v", err)
		}
		opts.GatewayNow = func() time.Time { return at }
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	// Printed only once the socket accepts connections, so a script can wait for this line.
	fmt.Printf("mockapi listening on http://%s\n", ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := mockapi.New(opts).Serve(ctx, ln); err != nil {
		log.Fatal(err)
	}
}
