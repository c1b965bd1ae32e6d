// Package stress is the harness of GMP Workbench: it runs a Go workload (a
// Scenario) for a measured window and records what the scheduler did, in the
// files the workbench reads (resources/go/PROTOCOL.md).
//
// A program gets the whole protocol with one call:
//
//	func main() { stress.Main(myScenario) }
//
// which parses the harness flags (-scenario, -concurrency, -duration,
// -capture, -out, …), lists the catalog (-list, -list -json), writes
// result.json, metrics.jsonl, pprof profiles and the execution trace, handles
// SIGINT/SIGTERM and exits with the protocol's codes. NewStressRunner and
// StressRunner.Run are the same machinery as a library, configured by the
// With… options.
//
// The package is organised by concern:
//
//   - scenario.go, params.go: Scenario, Env (what a running scenario sees) and
//     typed, bounded parameters.
//   - options.go, validate.go: the runner's options, its one table of defaults
//     (defaultConfig) and the one validation of a configuration, which has no
//     side effects.
//   - runner.go: StressRunner and Run's phases (warm-up, measured window).
//   - capture.go, flight*.go, sampler.go, histogram.go: what a run records —
//     profiles, trace, flight recorder, runtime/metrics sampling, latency
//     histograms.
//   - watch.go, gomaxprocs.go, cpulimit.go: the settings a run is configured
//     with but a scenario or the runtime may change — GOMAXPROCS and the CPU
//     limit of its cgroup —, each configured, in force during the window, and
//     every change with its time.
//   - report.go, provenance.go: result.json and the environment it was made in;
//     cgo_*.go: whether the binary was built with cgo.
//   - main.go, flags.go, catalog.go, child.go: the command line of Main, the
//     catalog it lists, and fresh-process scenarios run in a child process.
//   - pprofserver.go: net/http/pprof on a private loopback mux.
package stress
