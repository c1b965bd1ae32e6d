package memavail

import (
	"os"
	"path/filepath"
	"testing"
)

// fakeRoot writes files under a temporary root, as /proc and /sys would hold them.
func fakeRoot(t *testing.T, files map[string]string) Root {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Root(dir)
}

const meminfo = "MemTotal:       24000000 kB\nMemFree:         1000000 kB\nMemAvailable:    8000000 kB\n"

func TestAvailable(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  int64
	}{
		{"no cgroup limit: MemAvailable", map[string]string{
			"proc/meminfo": meminfo, "proc/self/cgroup": "0::/user.slice/a\n",
			"sys/fs/cgroup/user.slice/a/memory.max": "max", "sys/fs/cgroup/user.slice/a/memory.current": "100",
		}, 8000000 << 10},
		{"v2: the tightest group along the path, limit less usage", map[string]string{
			"proc/meminfo": meminfo, "proc/self/cgroup": "0::/outer/inner\n",
			"sys/fs/cgroup/outer/memory.max": "1000000000", "sys/fs/cgroup/outer/memory.current": "400000000",
			"sys/fs/cgroup/outer/inner/memory.max": "max", "sys/fs/cgroup/outer/inner/memory.current": "300000000",
		}, 600000000},
		{"v1: the memory controller's group", map[string]string{
			"proc/meminfo": meminfo, "proc/self/cgroup": "12:cpu,cpuacct:/x\n9:memory:/gmpw/run\n",
			"sys/fs/cgroup/memory/gmpw/run/memory.limit_in_bytes": "52428800", "sys/fs/cgroup/memory/gmpw/run/memory.usage_in_bytes": "10485760",
			"sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712",
		}, 41943040},
		{"a limit above MemAvailable: MemAvailable", map[string]string{
			"proc/meminfo": meminfo, "proc/self/cgroup": "0::/\n",
			"sys/fs/cgroup/memory.max": "99000000000", "sys/fs/cgroup/memory.current": "0",
		}, 8000000 << 10},
		{"inactive page cache counts as free (v2 inactive_file, v1 total_inactive_file)", map[string]string{
			"proc/meminfo": meminfo, "proc/self/cgroup": "0::/g\n9:memory:/m\n",
			"sys/fs/cgroup/g/memory.max": "1000", "sys/fs/cgroup/g/memory.current": "900", "sys/fs/cgroup/g/memory.stat": "anon 100\ninactive_file 700\n",
			"sys/fs/cgroup/memory/m/memory.limit_in_bytes": "5000", "sys/fs/cgroup/memory/m/memory.usage_in_bytes": "4000", "sys/fs/cgroup/memory/m/memory.stat": "total_inactive_file 500\n",
		}, 800},
		{"a limit whose usage cannot be read says nothing", map[string]string{
			"proc/meminfo": meminfo, "proc/self/cgroup": "0::/g\n",
			"sys/fs/cgroup/g/memory.max": "1000",
		}, 8000000 << 10},
		{"usage over the limit: nothing left", map[string]string{
			"proc/meminfo": meminfo, "proc/self/cgroup": "0::/g\n",
			"sys/fs/cgroup/g/memory.max": "100", "sys/fs/cgroup/g/memory.current": "200",
		}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := fakeRoot(t, tc.files).Available()
			if !ok || got != tc.want {
				t.Fatalf("Available() = %d, %v; want %d, true", got, ok, tc.want)
			}
		})
	}
	if _, ok := fakeRoot(t, map[string]string{}).Available(); ok {
		t.Fatal("no /proc/meminfo: want false")
	}
}

func TestAvailableOnThisMachine(t *testing.T) {
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skip("needs Linux's /proc/meminfo")
	}
	got, ok := System.Available()
	if !ok || got <= 0 {
		t.Fatalf("Available() = %d, %v on this machine; want a positive figure", got, ok)
	}
}
