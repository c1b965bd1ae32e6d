package stress

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/internal/cgroupfs"
)

// cpuStat samples the CFS throttling of the process's own CPU cgroup for the
// metrics.jsonl "cgroup" section (PROTOCOL §2.3). Values are cumulative since
// the sampler started, so a lost or cut line loses no throttling. The file is
// kept open and re-read at offset 0 into one buffer: a tick allocates nothing.
type cpuStat struct {
	f    *os.File
	buf  []byte
	base cgroupfs.Stat
}

// openCPUStat returns nil when the process has no readable cpu.stat (no cgroup,
// no CPU controller, not Linux): the section is then left out.
func openCPUStat() *cpuStat {
	cg, err := cgroupfs.Self()
	if err != nil {
		return nil
	}
	f, err := os.Open(filepath.Join(cg.Dir, "cpu.stat"))
	if err != nil {
		return nil
	}
	s := &cpuStat{f: f, buf: make([]byte, 4096)}
	base, ok := s.read()
	if !ok {
		f.Close()
		return nil
	}
	s.base = base
	return s
}

func (s *cpuStat) read() (cgroupfs.Stat, bool) {
	n, _ := s.f.ReadAt(s.buf, 0) // io.EOF with n > 0 is the normal end of a short file
	var st cgroupfs.Stat
	found := false
	for rest := s.buf[:n]; len(rest) > 0; {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte{'\n'})
		name, value, ok := bytes.Cut(line, []byte{' '})
		if !ok {
			continue
		}
		v, ok := parseCount(value)
		if !ok {
			continue
		}
		switch string(name) {
		case "nr_periods":
			st.Periods = v
		case "nr_throttled":
			st.Throttled, found = v, true
		case "throttled_usec": // v2
			st.Time = time.Duration(v) * time.Microsecond
		case "throttled_time": // v1, nanoseconds
			st.Time = time.Duration(v)
		}
	}
	return st, found
}

// parseCount parses a non-negative decimal without the allocation a string
// conversion for strconv would cost on every tick.
func parseCount(b []byte) (int64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}

// appendSection appends `,"cgroup":{…}` for this tick, or nothing when the
// statistics are unavailable (s nil or unreadable now).
func (s *cpuStat) appendSection(b []byte) []byte {
	if s == nil {
		return b
	}
	st, ok := s.read()
	if !ok {
		return b
	}
	b = append(b, `,"cgroup":{"nr_periods":`...)
	b = strconv.AppendInt(b, st.Periods-s.base.Periods, 10)
	b = append(b, `,"nr_throttled":`...)
	b = strconv.AppendInt(b, st.Throttled-s.base.Throttled, 10)
	b = append(b, `,"throttled_s":`...)
	b = appendJSONFloat(b, math.Round((st.Time-s.base.Time).Seconds()*1e6)/1e6)
	return append(b, '}')
}

func (s *cpuStat) close() {
	if s != nil {
		s.f.Close()
	}
}

// cgroupCPULimit is the CPU limit of the process's own cgroup in cores, as the
// kernel enforces it (v1 cfs quota/period or v2 cpu.max); nil when unlimited
// or unreadable.
func cgroupCPULimit() *float64 {
	cg, err := cgroupfs.Self()
	if err != nil {
		return nil
	}
	cores, limited, err := cg.Limit()
	if err != nil || !limited {
		return nil
	}
	return &cores
}
