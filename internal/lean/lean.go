// Package lean holds what keeps the provider near Terraform's own cost when a configuration has
// hundreds of credentials. Each piece works around something upstream, was found with a CPU or
// heap profile of the provider during make bench (README, "Benchmarks"), and is checked there: a
// refresh plan of 500 tokens within 4.5 times terraform_data's, apply and destroy within 3 times,
// the provider's peak RSS under 64 MiB.
//
//   - Get and Set (model.go) move models through plans, states, configurations, ephemeral
//     results, list results and identities as the framework's Get and Set do, but read a struct's
//     tags once: the framework compiles a regular expression per field per call
//     (hashicorp/terraform-plugin-framework#725), a fifth of the allocations of a refresh plan of
//     500 tokens.
//   - NewServer (server.go) is the framework's protocol 6 server, but lets go of each request when
//     it ends: the framework keeps every request's context until the provider stops
//     (proto6server.Server.registerContext), 39 MB of live heap at 500 tokens.
//   - QuietLogs (process.go) turns off the SDK's, framework's and provider's log lines when no log
//     is asked for: Terraform throws them away, and formatting them was a third of a refresh plan.
//   - TuneGC (process.go) sets GOGC 400 unless the user sets it: with a live heap of a few MB,
//     Go's default collected garbage every few MB; a tenth less time for 17 MiB more peak RSS.
package lean
