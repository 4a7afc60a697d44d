// Command terraform-provider-gitauth serves the gitauth Terraform provider over protocol 6.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/gitauth-dev/terraform-provider-gitauth/internal/lean"
	"github.com/gitauth-dev/terraform-provider-gitauth/internal/provider"
)

//go:generate go run ./internal/dev/docsgen

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run with support for debuggers like delve")
	flag.Parse()
	lean.QuietLogs(debug)
	lean.TuneGC()

	// As providerserver.Serve does, with the provider's own server ([lean.NewServer]).
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve(provider.Address, func() tfprotov6.ProviderServer {
		return lean.NewServer(provider.New(version)())
	}, opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}
