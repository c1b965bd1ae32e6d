package cgroupfs

import (
	"testing"
	"time"
)

// cpu.stat as the kernel writes it: v2 counts throttled time in µs, v1 in
// ns; lines it does not know, blank lines and garbage values are skipped;
// a file without nr_throttled is not a throttling record at all.
func TestParseStatReadsBothCgroupVersions(t *testing.T) {
	v2 := "usage_usec 812345\nuser_usec 600000\nsystem_usec 212345\nnr_periods 150\nnr_throttled 37\nthrottled_usec 1850000\nnr_bursts 0\nburst_usec 0\n"
	if st, found := ParseStat([]byte(v2)); !found || st != (Stat{Periods: 150, Throttled: 37, Time: 1850 * time.Millisecond}) {
		t.Errorf("v2: %+v found=%v", st, found)
	}
	v1 := "nr_periods 20\n\nnr_throttled 4\nthrottled_time 123456789\n"
	if st, found := ParseStat([]byte(v1)); !found || st != (Stat{Periods: 20, Throttled: 4, Time: 123456789 * time.Nanosecond}) {
		t.Errorf("v1: %+v found=%v", st, found)
	}
	if st, found := ParseStat([]byte("nr_periods 5\nnr_throttled x\n")); found || st.Periods != 5 {
		t.Errorf("garbage nr_throttled: %+v found=%v, want periods 5 and not found", st, found)
	}
	if _, found := ParseStat(nil); found {
		t.Error("an empty file was read as a throttling record")
	}
}
