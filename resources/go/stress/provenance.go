package stress

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Provenance is what a result needs to be compared honestly with another.
type Provenance struct {
	GoVersion         string   `json:"go_version"`
	GOOS              string   `json:"goos"`
	GOARCH            string   `json:"goarch"`
	NumCPU            int      `json:"num_cpu"`
	GOMAXPROCS        int      `json:"gomaxprocs"`
	GOMAXPROCSDefault bool     `json:"gomaxprocs_default"`
	CgroupCPULimit    *float64 `json:"cgroup_cpu_limit"`
	Kernel            string   `json:"kernel"`
	GODEBUG           string   `json:"godebug"`
	GOGC              string   `json:"gogc"`
	Hostname          string   `json:"hostname"`
	PID               int      `json:"pid"`
	StartedAt         string   `json:"started_at"`
}

// CollectProvenance reads the process's environment. It never stops the world.
func CollectProvenance(started time.Time) Provenance {
	_, set := os.LookupEnv("GOMAXPROCS")
	host, _ := os.Hostname()
	return Provenance{
		GoVersion:         runtime.Version(),
		GOOS:              runtime.GOOS,
		GOARCH:            runtime.GOARCH,
		NumCPU:            runtime.NumCPU(),
		GOMAXPROCS:        runtime.GOMAXPROCS(0),
		GOMAXPROCSDefault: !set,
		CgroupCPULimit:    cgroupCPULimit(),
		Kernel:            kernelRelease(),
		GODEBUG:           os.Getenv("GODEBUG"),
		GOGC:              os.Getenv("GOGC"),
		Hostname:          host,
		PID:               os.Getpid(),
		StartedAt:         started.UTC().Format(time.RFC3339Nano),
	}
}

func kernelRelease() string {
	b, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// cgroupCPULimit reads the cgroup v2 cpu.max of this process's cgroup (falling back
// to the root of /sys/fs/cgroup). nil when unlimited, v1 only, or unreadable.
func cgroupCPULimit() *float64 {
	var candidates []string
	if b, err := os.ReadFile("/proc/self/cgroup"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "0::"); ok {
				candidates = append(candidates, "/sys/fs/cgroup"+strings.TrimRight(rest, "/")+"/cpu.max")
			}
		}
	}
	candidates = append(candidates, "/sys/fs/cgroup/cpu.max")
	for _, p := range candidates {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		return parseCPUMax(string(b))
	}
	return nil
}

// parseCPUMax parses "QUOTA PERIOD" ("max PERIOD" means unlimited) into cores.
func parseCPUMax(s string) *float64 {
	f := strings.Fields(s)
	if len(f) == 0 || f[0] == "max" {
		return nil
	}
	quota, err1 := strconv.ParseFloat(f[0], 64)
	period := 100000.0
	var err2 error
	if len(f) > 1 {
		period, err2 = strconv.ParseFloat(f[1], 64)
	}
	if err1 != nil || err2 != nil || period <= 0 || quota <= 0 {
		return nil
	}
	v := quota / period
	return &v
}
