package stress

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

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
	seen := map[string]bool{}
	var profs []string
	for _, k := range c.profiles {
		ok := false
		for _, a := range CaptureKinds {
			ok = ok || a == k
		}
		if !ok {
			return &UsageError{"capture", fmt.Sprintf("unknown kind %q", k), strings.Join(CaptureKinds, ",")}
		}
		if k == "trace" {
			if c.tracePath == "" && c.outDir != "" {
				c.tracePath = filepath.Join(c.outDir, "trace.out")
			}
			if c.outDir == "" && c.tracePath == "" {
				return &UsageError{"capture", "trace needs an output directory", "-out DIR"}
			}
			continue
		}
		if k == "flight" {
			c.flightCapture = true
			continue
		}
		if !seen[k] {
			seen[k] = true
			profs = append(profs, k)
		}
	}
	c.profiles = profs
	if len(profs) > 0 && c.outDir == "" {
		return &UsageError{"capture", "profiles need an output directory", "-out DIR"}
	}
	if c.outDir != "" {
		if err := os.MkdirAll(c.outDir, 0o755); err != nil {
			return &UsageError{"out", fmt.Sprintf("cannot create %s: %v", c.outDir, errors.Unwrap(err)), "a writable directory"}
		}
		f, err := os.CreateTemp(c.outDir, ".probe-*")
		if err != nil {
			return &UsageError{"out", fmt.Sprintf("%s is not writable", c.outDir), "a writable directory"}
		}
		f.Close()
		os.Remove(f.Name())
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

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
