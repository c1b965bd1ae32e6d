package stress

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// statFile is a cpuStat over a file the test rewrites, as the kernel would.
func statFile(t *testing.T, content string) (*cpuStat, func(string)) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cpu.stat")
	write := func(s string) {
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(content)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	s := &cpuStat{f: f, buf: make([]byte, 4096)}
	base, ok := s.read()
	if !ok {
		t.Fatalf("no nr_throttled in %q", content)
	}
	s.base = base
	return s, write
}

func section(t *testing.T, s *cpuStat) (v struct {
	Cgroup struct {
		Periods   int64   `json:"nr_periods"`
		Throttled int64   `json:"nr_throttled"`
		Seconds   float64 `json:"throttled_s"`
	} `json:"cgroup"`
}) {
	t.Helper()
	line := append(s.appendSection([]byte(`{"x":1`)), '}')
	if err := json.Unmarshal(line, &v); err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	return v
}

func TestCPUStatV1CountsFromTheSamplerStart(t *testing.T) {
	s, write := statFile(t, "nr_periods 10\nnr_throttled 4\nthrottled_time 2000000000\nnr_bursts 0\nburst_time 0\n")
	write("nr_periods 25\nnr_throttled 9\nthrottled_time 2750000000\nnr_bursts 0\nburst_time 0\n")
	c := section(t, s).Cgroup
	if c.Periods != 15 || c.Throttled != 5 || c.Seconds != 0.75 {
		t.Fatalf("got %+v, want 15 periods, 5 throttled, 0.75 s", c)
	}
}

func TestCPUStatV2ReadsMicroseconds(t *testing.T) {
	s, write := statFile(t, "usage_usec 900\nuser_usec 800\nsystem_usec 100\nnr_periods 3\nnr_throttled 1\nthrottled_usec 5000\n")
	write("usage_usec 99900\nuser_usec 800\nsystem_usec 100\nnr_periods 13\nnr_throttled 8\nthrottled_usec 255000\n")
	c := section(t, s).Cgroup
	if c.Periods != 10 || c.Throttled != 7 || c.Seconds != 0.25 {
		t.Fatalf("got %+v, want 10 periods, 7 throttled, 0.25 s", c)
	}
}

func TestCPUStatLeavesTheSectionOutWhenUnreadable(t *testing.T) {
	var none *cpuStat
	if got := string(none.appendSection([]byte("{"))); got != "{" {
		t.Fatalf("no cgroup gave %q", got)
	}
	s, write := statFile(t, "nr_periods 1\nnr_throttled 0\nthrottled_time 0\n")
	write("usage_usec 1\n") // the controller went away: no nr_throttled
	if got := string(s.appendSection([]byte("{"))); got != "{" {
		t.Fatalf("a stat without nr_throttled gave %q", got)
	}
}

func TestCPUStatReadDoesNotAllocate(t *testing.T) {
	s, _ := statFile(t, "nr_periods 10\nnr_throttled 4\nthrottled_time 2000000000\n")
	buf := make([]byte, 0, 256)
	if n := testing.AllocsPerRun(100, func() { buf = s.appendSection(buf[:0]) }); n != 0 {
		t.Fatalf("%v allocations per tick", n)
	}
}
