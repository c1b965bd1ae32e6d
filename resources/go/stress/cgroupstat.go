package stress

import (
	"math"
	"os"
	"path/filepath"
	"strconv"

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
	return cgroupfs.ParseStat(s.buf[:n])
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
