// Package cgroupfs finds the CPU cgroup a process runs in (cgroup v1 or v2)
// and reads its limit and throttling statistics. The harness samples them
// with its runtime metrics, and writes a limit a scenario sets (Env.SetCPULimit).
package cgroupfs

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// CPU is the CPU controller directory of a cgroup (v1 cpu hierarchy or
// the v2 unified one), chosen the way the runtime chooses it: a v1 hierarchy
// with the cpu controller wins over v2.
type CPU struct {
	Dir  string
	V2   bool
	Root bool // the hierarchy's root: no limit can be set there
}

// ErrNoCgroup: neither a v1 cpu hierarchy nor cgroup v2 holds this process.
var ErrNoCgroup = errors.New("no CPU cgroup found")

// Self finds this process's CPU cgroup.
func Self() (CPU, error) {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return CPU{}, err
	}
	var v1Path, v2Path string
	haveV1, haveV2 := false, false
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[0] == "0" && parts[1] == "" {
			v2Path, haveV2 = parts[2], true
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			if c == "cpu" {
				v1Path, haveV1 = parts[2], true
			}
		}
	}
	switch {
	case haveV1:
		mnt, root, err := cgroupMount(false)
		if err != nil {
			return CPU{}, err
		}
		return cgroupAt(mnt, root, v1Path, false), nil
	case haveV2:
		mnt, root, err := cgroupMount(true)
		if err != nil {
			return CPU{}, err
		}
		return cgroupAt(mnt, root, v2Path, true), nil
	}
	return CPU{}, ErrNoCgroup
}

func cgroupAt(mnt, root, path string, v2 bool) CPU {
	rel, err := filepath.Rel(root, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = "." // the cgroup is outside this mount's view; use the mount itself
	}
	return CPU{Dir: filepath.Join(mnt, rel), V2: v2, Root: rel == "." && root == "/"}
}

// cgroupMount finds the mount point (and its root within the hierarchy) of
// the cgroup2 hierarchy or of the v1 hierarchy that has the cpu controller.
func cgroupMount(v2 bool) (mnt, root string, err error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		// id parent maj:min root mountpoint options [optional...] - fstype source superoptions
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		if !ok {
			continue
		}
		pf, qf := strings.Fields(pre), strings.Fields(post)
		if len(pf) < 5 || len(qf) < 3 {
			continue
		}
		if v2 && qf[0] == "cgroup2" {
			return unescapeMount(pf[4]), unescapeMount(pf[3]), nil
		}
		if !v2 && qf[0] == "cgroup" {
			for _, o := range strings.Split(qf[2], ",") {
				if o == "cpu" {
					return unescapeMount(pf[4]), unescapeMount(pf[3]), nil
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return "", "", err
	}
	return "", "", ErrNoCgroup
}

// unescapeMount undoes mountinfo's octal escapes (\040 for space, …).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Read returns the trimmed content of one of the cgroup's files.
func (c CPU) Read(name string) (string, error) {
	b, err := os.ReadFile(filepath.Join(c.Dir, name))
	return strings.TrimSpace(string(b)), err
}

// Limit returns the CPU limit in cores; limited is false for "no limit".
func (c CPU) Limit() (cores float64, limited bool, err error) {
	if c.V2 {
		s, err := c.Read("cpu.max")
		if err != nil {
			return 0, false, err
		}
		f := strings.Fields(s)
		if len(f) != 2 {
			return 0, false, fmt.Errorf("cpu.max %q: unexpected format", s)
		}
		if f[0] == "max" {
			return 0, false, nil
		}
		q, err1 := strconv.ParseFloat(f[0], 64)
		p, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil || p <= 0 {
			return 0, false, fmt.Errorf("cpu.max %q: unexpected format", s)
		}
		return q / p, true, nil
	}
	qs, err := c.Read("cpu.cfs_quota_us")
	if err != nil {
		return 0, false, err
	}
	ps, err := c.Read("cpu.cfs_period_us")
	if err != nil {
		return 0, false, err
	}
	q, err1 := strconv.ParseInt(qs, 10, 64)
	p, err2 := strconv.ParseInt(ps, 10, 64)
	if err1 != nil || err2 != nil || p <= 0 {
		return 0, false, fmt.Errorf("cfs quota %q / period %q: unexpected format", qs, ps)
	}
	if q < 0 {
		return 0, false, nil
	}
	return float64(q) / float64(p), true, nil
}

// Period returns the CFS period in microseconds.
func (c CPU) Period() (int64, error) {
	if c.V2 {
		s, err := c.Read("cpu.max")
		if err != nil {
			return 0, err
		}
		f := strings.Fields(s)
		if len(f) != 2 {
			return 0, fmt.Errorf("cpu.max %q: unexpected format", s)
		}
		return strconv.ParseInt(f[1], 10, 64)
	}
	s, err := c.Read("cpu.cfs_period_us")
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(s, 10, 64)
}

// SetLimit writes a CPU limit in cores; cores ≤ 0 or +Inf removes the limit.
func (c CPU) SetLimit(cores float64) error {
	if c.Root {
		return fmt.Errorf("%s is a root cgroup: no CPU limit can be set there", c.Dir)
	}
	period, err := c.Period()
	if err != nil {
		return err
	}
	unlimited := cores <= 0 || math.IsInf(cores, 1)
	quota := int64(math.Round(cores * float64(period)))
	if c.V2 {
		v := "max " + strconv.FormatInt(period, 10)
		if !unlimited {
			v = strconv.FormatInt(quota, 10) + " " + strconv.FormatInt(period, 10)
		}
		return os.WriteFile(filepath.Join(c.Dir, "cpu.max"), []byte(v), 0)
	}
	v := "-1"
	if !unlimited {
		v = strconv.FormatInt(quota, 10)
	}
	return os.WriteFile(filepath.Join(c.Dir, "cpu.cfs_quota_us"), []byte(v), 0)
}

// Stat is the throttling part of a cgroup's cpu.stat, cumulative since the
// cgroup was created.
type Stat struct {
	Periods   int64         // nr_periods: CFS periods with runnable tasks
	Throttled int64         // nr_throttled: periods in which the quota ran out
	Time      time.Duration // throttled_usec (v2) or throttled_time in ns (v1)
}

// Stat reads nr_periods, nr_throttled and the throttled time from cpu.stat.
func (c CPU) Stat() (Stat, error) {
	s, err := c.Read("cpu.stat")
	if err != nil {
		return Stat{}, err
	}
	st, found := ParseStat([]byte(s))
	if !found {
		return Stat{}, fmt.Errorf("%s/cpu.stat has no nr_throttled (no CPU controller?)", c.Dir)
	}
	return st, nil
}

// ParseStat reads the throttling lines of a cpu.stat file's contents; found is
// false without nr_throttled. It allocates nothing, so the harness's sampler can
// call it on every metrics tick.
func ParseStat(b []byte) (st Stat, found bool) {
	for rest := b; len(rest) > 0; {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte{'\n'})
		name, value, ok := bytes.Cut(bytes.TrimSpace(line), []byte{' '})
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
// conversion for strconv would cost.
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
