// Package memavail says how much memory this process can still take on
// Linux before the kernel's OOM killer or its cgroup's limit ends it: the
// smaller of the system's MemAvailable and, under a memory limit (cgroup v2
// memory.max or v1 memory.limit_in_bytes, along the process's own cgroup
// path), the limit less what the group uses. Inactive page cache (the trace
// file itself, once read) counts as free: the kernel reclaims it first.
package memavail

import (
	"bufio"
	"os"
	"path"
	"strconv"
	"strings"
)

// Root is where /proc and /sys are read from (a test points it elsewhere).
type Root string

// System is the running machine's.
const System Root = "/"

func (r Root) read(p string) (string, bool) {
	b, err := os.ReadFile(path.Join(string(r), p))
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(b)), true
}

// Available returns the bytes the process can still take, and false where
// nothing says (not Linux, or /proc unreadable).
func (r Root) Available() (int64, bool) {
	avail, ok := r.memAvailable()
	if !ok {
		return 0, false
	}
	if room, limited := r.cgroupRoom(); limited {
		avail = min(avail, room)
	}
	return avail, true
}

// memAvailable is /proc/meminfo's MemAvailable in bytes.
func (r Root) memAvailable() (int64, bool) {
	text, ok := r.read("proc/meminfo")
	if !ok {
		return 0, false
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "MemAvailable:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}

// cgroupRoom is the smallest limit-less-usage along the process's cgroup
// path: a parent's limit binds its children too.
func (r Root) cgroupRoom() (int64, bool) {
	text, ok := r.read("proc/self/cgroup")
	if !ok {
		return 0, false
	}
	var room int64
	limited := false
	for _, line := range strings.Split(text, "\n") {
		// hierarchy-ID:controllers:path; v2 is "0::/path", v1's memory line names memory.
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		var v cgroupFiles
		switch {
		case parts[0] == "0" && parts[1] == "":
			v = cgroupFiles{"sys/fs/cgroup", "memory.max", "memory.current", "inactive_file"}
		case hasController(parts[1], "memory"):
			v = cgroupFiles{"sys/fs/cgroup/memory", "memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file"}
		default:
			continue
		}
		for p := path.Clean("/" + parts[2]); ; p = path.Dir(p) {
			if left, ok := r.groupRoom(path.Join(v.root, p), v); ok && (!limited || left < room) {
				room, limited = left, true
			}
			if p == "/" {
				break
			}
		}
	}
	return room, limited
}

// cgroupFiles names one cgroup version's memory files.
type cgroupFiles struct {
	root, limit, usage, inactiveStat string
}

// groupRoom is one group's limit less its usage (inactive page cache not
// counted); false when it has no limit (v2 "max", v1's huge "unlimited"
// number) or its files cannot be read.
func (r Root) groupRoom(dir string, v cgroupFiles) (int64, bool) {
	limitText, ok := r.read(path.Join(dir, v.limit))
	if !ok || limitText == "max" {
		return 0, false
	}
	limit, err := strconv.ParseInt(limitText, 10, 64)
	if err != nil || limit >= 1<<62 {
		return 0, false
	}
	usageText, ok := r.read(path.Join(dir, v.usage))
	usage, err := strconv.ParseInt(usageText, 10, 64)
	if !ok || err != nil {
		return 0, false
	}
	return max(0, limit-usage+r.statField(path.Join(dir, "memory.stat"), v.inactiveStat)), true
}

// statField is a memory.stat line's value, 0 when absent.
func (r Root) statField(file, name string) int64 {
	text, _ := r.read(file)
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == name {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n
		}
	}
	return 0
}

func hasController(list, name string) bool {
	for _, c := range strings.Split(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}
