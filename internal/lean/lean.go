// Package lean holds what keeps the provider near Terraform's own cost when a configuration has
// hundreds of credentials. Each piece works around something upstream, was found with a CPU or
// heap profile of the provider during make bench, and is checked there against its targets
// (internal/dev/README.md, "Benchmarks", which also gives what each saved when measured).
//
//   - [Get] and [Set] move models through plans, states, configurations, ephemeral results, list
//     results and identities as the framework's Get and Set do, but read a struct's tags once:
//     the framework compiles a regular expression per field per call
//     (hashicorp/terraform-plugin-framework#725).
//   - [NewServer] is the framework's protocol 6 server, but lets go of each request when it ends:
//     the framework keeps every request's context until the provider stops
//     (proto6server.Server.registerContext).
//   - [QuietLogs] turns off the SDK's, framework's and provider's log lines when no log is asked
//     for: Terraform throws them away, and formatting them costs much of a refresh plan.
//   - [TuneGC] sets GOGC 400 unless the user sets it: with a live heap of a few MB, Go's default
//     collects garbage every few MB.
package lean
