package stress

import (
	"os"
	"path/filepath"
	"testing"
)

// Validation reads the configuration and nothing else: a valid -out that does
// not exist yet is created only when a runner starts.
func TestNewConfigHasNoSideEffects(t *testing.T) {
	out := filepath.Join(t.TempDir(), "not", "yet")
	cfg, err := newConfig([]Option{WithOutDir(out), WithProfiles("cpu", "trace", "cpu")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("validation touched %s (stat: %v)", out, err)
	}
	if len(cfg.profiles) != 1 || cfg.profiles[0] != "cpu" || cfg.tracePath != filepath.Join(out, "trace.out") {
		t.Fatalf("captures resolved to profiles %v, trace %q", cfg.profiles, cfg.tracePath)
	}
	r, err := startRunner(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if fi, err := os.Stat(out); err != nil || !fi.IsDir() {
		t.Fatalf("startRunner did not create %s: %v", out, err)
	}
}

// Main's flag defaults are the runner's defaults (one table, defaultConfig).
func TestFlagDefaultsAreRunnerDefaults(t *testing.T) {
	fromFlags, err := newConfig(mustOptions(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	def := defaultConfig()
	if fromFlags.duration != def.duration || fromFlags.metricsInterval != def.metricsInterval ||
		fromFlags.warmup != def.warmup || fromFlags.concurrency != def.concurrency || fromFlags.grace != def.grace {
		t.Fatalf("flags give duration %v interval %v warmup %v concurrency %d grace %v; defaults are %v %v %v %d %v",
			fromFlags.duration, fromFlags.metricsInterval, fromFlags.warmup, fromFlags.concurrency, fromFlags.grace,
			def.duration, def.metricsInterval, def.warmup, def.concurrency, def.grace)
	}
}
