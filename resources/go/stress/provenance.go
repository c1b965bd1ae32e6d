package stress

import (
	"bufio"
	"os"
	"runtime"
	"strings"
	"time"
)

// Provenance is what a result needs to be compared honestly with another.
type Provenance struct {
	GoVersion         string   `json:"go_version"`
	GOOS              string   `json:"goos"`
	GOARCH            string   `json:"goarch"`
	NumCPU            int      `json:"num_cpu"`
	CPUModel          string   `json:"cpu_model"`
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
		CPUModel:          cpuModel(),
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

// cpuModel is the processor's name as `go test` prints it on its "cpu:" line
// for x86 (the brand string, which Linux gives as /proc/cpuinfo's "model
// name"), so that an export of runs reads as go test's output does; "" where
// it is not known (other systems, or a cpuinfo without one).
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		key, value, found := strings.Cut(lines.Text(), ":")
		if found && (strings.TrimSpace(key) == "model name" || strings.TrimSpace(key) == "Model Name") {
			return strings.TrimSpace(value)
		}
	}
	return ""
}
