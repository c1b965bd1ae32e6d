package stress

import (
	"fmt"
	"net"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"time"
)

// validate checks a configuration as the options left it. It only reads c:
// derived settings are filled in afterwards by resolveCaptures.
func (c *config) validate() error {
	if c.concurrency < 1 || c.concurrency > 1_000_000 {
		return &UsageError{"concurrency", fmt.Sprintf("%d is out of range", c.concurrency), "1..1000000"}
	}
	if c.duration < 10*time.Millisecond || c.duration > 24*time.Hour {
		return &UsageError{"duration", fmt.Sprintf("%v is out of range", c.duration), "10ms..24h"}
	}
	if c.warmup < 0 || c.warmup > time.Hour {
		return &UsageError{"warmup", fmt.Sprintf("%v is out of range", c.warmup), "0..1h"}
	}
	if c.grace < 10*time.Millisecond || c.grace > time.Minute {
		return &UsageError{"grace", fmt.Sprintf("%v is out of range", c.grace), "10ms..1m"}
	}
	if c.metricsInterval != 0 && (c.metricsInterval < 10*time.Millisecond || c.metricsInterval > time.Second) {
		return &UsageError{"metrics-interval", fmt.Sprintf("%v is out of range", c.metricsInterval), "0 (off) or 10ms..1s"}
	}
	for _, l := range c.labels {
		if l[0] == "" {
			return &UsageError{"label", "empty key", "k=v with a non-empty k"}
		}
	}
	if err := c.validateCaptures(); err != nil {
		return err
	}
	if err := c.validateFlight(); err != nil {
		return err
	}
	if c.pprofAddr != "" {
		host, _, err := net.SplitHostPort(c.pprofAddr)
		if err != nil {
			return &UsageError{"pprof-addr", fmt.Sprintf("%q is not host:port", c.pprofAddr), "a loopback host:port, e.g. 127.0.0.1:0"}
		}
		if !isLoopback(host) {
			return &UsageError{"pprof-addr", fmt.Sprintf("host %q is not loopback", host), "127.0.0.1, ::1 or localhost with a port, e.g. 127.0.0.1:0"}
		}
	}
	return nil
}

func (c *config) validateCaptures() error {
	for _, k := range c.profiles {
		if !slices.Contains(CaptureKinds, k) {
			return &UsageError{"capture", fmt.Sprintf("unknown kind %q", k), strings.Join(CaptureKinds, ",")}
		}
		switch {
		case k == "trace" && c.outDir == "" && c.tracePath == "":
			return &UsageError{"capture", "trace needs an output directory", "-out DIR"}
		case k != "trace" && k != "flight" && c.outDir == "":
			return &UsageError{"capture", "profiles need an output directory", "-out DIR"}
		case k == "goroutineleak" && pprof.Lookup("goroutineleak") == nil:
			// Known at the start: the run would otherwise end without the profile it was for.
			return &UsageError{"capture", "goroutineleak: this binary has no goroutine leak profile",
				"a build of Go 1.26 or later with GOEXPERIMENT=goroutineleakprofile (the workbench builds so when goroutineleak is captured)"}
		}
	}
	return nil
}

// resolveCaptures turns the validated capture kinds into what Run does:
// "trace" becomes a trace path, "flight" a flag, and the rest a list of pprof
// profiles without repeats.
func (c *config) resolveCaptures() {
	var profs []string
	for _, k := range c.profiles {
		switch {
		case k == "trace":
			if c.tracePath == "" {
				c.tracePath = filepath.Join(c.outDir, "trace.out")
			}
		case k == "flight":
			c.flightCapture = true
		case !slices.Contains(profs, k):
			profs = append(profs, k)
		}
	}
	c.profiles = profs
}

// wantsCapture reports whether kind is among the requested capture kinds
// (before resolveCaptures, which takes "trace" and "flight" out of the list).
func (c *config) wantsCapture(kind string) bool { return slices.Contains(c.profiles, kind) }

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
