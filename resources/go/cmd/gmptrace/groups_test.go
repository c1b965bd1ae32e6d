package main

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/analyze"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/goroutines"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/output"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/sched"
)

var regionsOnce sync.Once

// regionsTrace runs testdata/progs/regions once per test binary run, with
// ~20 ms generations, so that goroutines, syscalls, regions and tasks cross
// generation boundaries (and -j > 1 parses them apart).
func regionsTrace(t *testing.T) string {
	t.Helper()
	bin := buildProg(t, "regions", "")
	path := filepath.Join(workDir, "regions", "trace.out")
	regionsOnce.Do(func() {
		os.MkdirAll(filepath.Dir(path), 0o755)
		runProg(t, bin, []string{"GODEBUG=traceadvanceperiod=20000000"}, path)
	})
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("regions did not run: %v", err)
	}
	return path
}

// pageGroup is one group as `go tool trace`'s goroutine pages show it: the
// count and execution time from /goroutines, the rest summed over the
// per-goroutine rows of /goroutine?name=….
type pageGroup struct {
	count int
	exec  time.Duration
	stats map[string]time.Duration // "Sched wait time", "Block time (sync)", …, "GC mark assist"
}

// goToolTraceGroups serves tr with `go tool trace -http` (the Go 1.26 tool)
// and reads its goroutine pages.
func goToolTraceGroups(t *testing.T, tr string) map[string]*pageGroup {
	t.Helper()
	out, err := exec.Command("go", "tool", "-n", "trace").Output()
	if err != nil {
		t.Fatalf("go tool -n trace: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, strings.TrimSpace(string(out)), "-http=127.0.0.1:0", tr)
	cmd.Env = append(os.Environ(), "BROWSER=true") // "open" the page with true(1): no browser
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	listening := regexp.MustCompile(`listening on (http://\S+)`)
	var base string
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if m := listening.FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
			break
		}
	}
	if base == "" {
		t.Fatal("go tool trace did not say where it listens")
	}
	go io.Copy(io.Discard, stderr)
	get := func(path string) string {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %s", path, resp.Status)
		}
		return string(b)
	}
	dur := func(s string) time.Duration {
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			t.Fatalf("duration %q: %v", s, err)
		}
		return d
	}

	groups := map[string]*pageGroup{}
	row := regexp.MustCompile(`<a href="(/goroutine\?name=[^"]*)">[^<]*</a></code></td>\s*<td>(\d+)</td>\s*<td>([^<]*)</td>`)
	rows := row.FindAllStringSubmatch(get("/goroutines"), -1)
	if len(rows) == 0 {
		t.Fatal("no groups on /goroutines")
	}
	header := regexp.MustCompile(`<th[^>]*>\s*([^<]+?)\s*</th>`)
	cell := regexp.MustCompile(`(?s)<td>(.*?)</td>`)
	for _, r := range rows {
		link := html.UnescapeString(r[1])
		u, _ := url.Parse(link)
		var n int
		fmt.Sscan(r[2], &n)
		g := &pageGroup{count: n, exec: dur(r[3]), stats: map[string]time.Duration{}}
		groups[u.Query().Get("name")] = g
		page := get(link)
		// Two tables: the breakdown (Goroutine, Total, bar, stats…) and the
		// special ranges (Goroutine, Total, ranges…).
		tables := strings.Split(page, `<table class="details">`)[1:]
		for ti, tab := range tables {
			tab = tab[:strings.Index(tab, "</table>")]
			trs := strings.Split(tab, "<tr>")[1:]
			var names []string
			for _, h := range header.FindAllStringSubmatch(trs[0], -1) {
				names = append(names, html.UnescapeString(h[1]))
			}
			skip := 2 // Goroutine, Total
			if ti == 0 {
				skip = 3 // and the bar graph, which has an empty header
				names = append(names[:2], append([]string{""}, names[2:]...)...)
			}
			for _, tr := range trs[1:] {
				cells := cell.FindAllStringSubmatch(tr, -1)
				if len(cells) != len(names) {
					t.Fatalf("%s: row has %d cells for %d columns", link, len(cells), len(names))
				}
				for i := skip; i < len(cells); i++ {
					g.stats[names[i]] += dur(cells[i][1])
				}
			}
		}
	}
	return groups
}

// within1pct: ours and theirs differ by at most 1% of theirs (or 1 µs, for
// figures near zero, below what a duration of the page shows reliably).
func within1pct(ours, theirs time.Duration) bool {
	d := math.Abs(float64(ours - theirs))
	return d <= 0.01*math.Abs(float64(theirs)) || d <= 1000
}

func ns(s float64) time.Duration { return time.Duration(math.Round(s * 1e9)) }

// The goroutine groups agree with `go tool trace`'s goroutine pages within
// 1%: count, execution, scheduler wait, every block reason, syscall
// execution, syscall block and GC mark assist, group by group.
func TestGroupsMatchGoToolTrace(t *testing.T) {
	for _, tc := range []struct{ name, trace string }{
		{"regions", regionsTrace(t)},
		{"load", func() string { p, _ := loadTrace(t, "mixed"); return p }()},
		// Syscalls of 50 ms that lose their P, in ~20 ms generations: the split between syscall
		// execution and syscall block follows go tool trace's bookkeeping of each P's syscall.
		{"syscalls", func() string {
			p := filepath.Join(t.TempDir(), "syscalls.out")
			runProg(t, buildProg(t, "syscalls", ""), []string{"GODEBUG=traceadvanceperiod=20000000"}, p, "50ms")
			return p
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			theirs := goToolTraceGroups(t, tc.trace)
			for _, jobs := range []int{1, 3} {
				res, err := analyze.RunFile(tc.trace, analyze.Options{Jobs: jobs})
				if err != nil {
					t.Fatal(err)
				}
				gg := res.Analysis.GoroutineGroups
				if gg.Total != len(theirs) || gg.Omitted.Groups != 0 {
					t.Errorf("-j%d: %d groups (%d omitted), go tool trace has %d", jobs, gg.Total, gg.Omitted.Groups, len(theirs))
				}
				compared, worst := 0, 0.0
				for _, g := range gg.Groups {
					p := theirs[g.StartFunc]
					if p == nil {
						t.Errorf("-j%d: group %q not on the page", jobs, g.StartFunc)
						continue
					}
					check := func(what string, ours, want time.Duration) {
						compared++
						if want != 0 {
							worst = max(worst, math.Abs(float64(ours-want))/float64(want))
						}
						if !within1pct(ours, want) {
							t.Errorf("-j%d %s %s: gmptrace %v, go tool trace %v", jobs, g.StartFunc, what, ours, want)
						}
					}
					if g.Count != p.count {
						t.Errorf("-j%d %s: count %d, go tool trace %d", jobs, g.StartFunc, g.Count, p.count)
					}
					check("execution", ns(g.ExecS), p.exec)
					check("sched wait", ns(g.SchedWaitS), p.stats["Sched wait time"])
					check("syscall", ns(g.SyscallS), p.stats["Syscall execution time"])
					check("syscall block", ns(g.SyscallBlockS), p.stats["Block time (syscall)"])
					check("GC assist", ns(g.GCAssistS), p.stats[goroutines.MarkAssist])
					for name, d := range p.stats {
						if r, ok := strings.CutPrefix(name, "Block time ("); ok && name != "Block time (syscall)" {
							check(name, ns(g.BlockS[strings.TrimSuffix(r, ")")]), d)
						}
					}
					for r, s := range g.BlockS {
						if _, ok := p.stats["Block time ("+r+")"]; !ok && s > 0 {
							t.Errorf("-j%d %s: block reason %q (%gs) not on the page", jobs, g.StartFunc, r, s)
						}
					}
				}
				if jobs == 1 {
					t.Logf("%d generations; %d groups, %d figures compared, largest relative difference %.2g", res.Analysis.Meta.Generations, len(gg.Groups), compared, worst)
				}
			}
		})
	}
}

// Each group's latency distribution holds exactly its goroutines' samples:
// over all groups they add up to sched_latency.all.
func TestGroupLatencyAddsUp(t *testing.T) {
	res := analyzeFile(t, regionsTrace(t))
	var n uint64
	var sum float64
	type bounds struct{ lo, hi float64 }
	key := func(b output.Bin) bounds { return bounds{output.Q(b.Lo), output.Q(b.Hi)} }
	perBin := map[bounds]uint64{}
	for _, g := range res.Analysis.GoroutineGroups.Groups {
		n += g.SchedLatency.Count
		sum += g.SchedLatency.SumS
		for _, b := range g.SchedLatency.Bins {
			perBin[key(b)] += b.N
		}
	}
	all := res.Analysis.SchedLatency.All
	// Same bins: the groups' counts add up to sched_latency's, bin by bin.
	for _, b := range all.Bins {
		if perBin[key(b)] != b.N {
			t.Errorf("bin %v: groups hold %d, sched_latency %d", key(b), perBin[key(b)], b.N)
		}
		delete(perBin, key(b))
	}
	if len(perBin) != 0 {
		t.Errorf("groups have bins sched_latency has not: %v", perBin)
	}
	if n != all.Count || math.Abs(sum-all.SumS) > 1e-6 {
		t.Errorf("groups hold %d samples (%.9fs), sched_latency.all %d (%.9fs)", n, sum, all.Count, all.SumS)
	}
	serve := findGroup(res.Analysis.GoroutineGroups, "main.serve")
	if serve == nil || serve.Count != 4 || serve.SchedLatency.P99 == nil || *serve.SchedLatency.P99 <= 0 {
		t.Fatalf("main.serve group: %+v", serve)
	}
}

// The groups' windows split the program's: in every window their counts add
// up to its count, the largest group max is its max, and a window whose
// samples all belong to one group has that group's p99 as its own. Checked
// at -j 1 and -j 3 on the regions program and on a load trace.
func TestGroupWindowsSplitTheProgramWindows(t *testing.T) {
	load, _ := loadTrace(t, "mixed")
	singles := 0
	for _, tr := range []string{regionsTrace(t), load} {
		for _, jobs := range []int{1, 3} {
			// 1 ms windows: those of the program's quiet opening (main.solo alone) hold one group's samples only.
			res, err := analyze.RunFile(tr, analyze.Options{Jobs: jobs, Window: time.Millisecond})
			if err != nil {
				t.Fatalf("analyze %s -j%d: %v", tr, jobs, err)
			}
			gg := res.Analysis.GoroutineGroups
			if gg.WindowsNote != "" || gg.Omitted.Groups != 0 {
				t.Fatalf("%s -j%d: note %q, %d groups omitted", tr, jobs, gg.WindowsNote, gg.Omitted.Groups)
			}
			byT := windowSums(gg.Groups, func(string) bool { return true })
			windows, single := 0, 0
			for _, w := range res.Analysis.Windows {
				a := byT[w.T]
				if w.Count == 0 {
					if a != nil {
						t.Errorf("%s -j%d: window %v has no samples, the groups %d", tr, jobs, w.T, a.count)
					}
					continue
				}
				windows++
				if a == nil || a.count != w.Count || a.max != w.Max {
					t.Errorf("%s -j%d: window %v: count %d max %v, groups %+v", tr, jobs, w.T, w.Count, w.Max, a)
					continue
				}
				if a.groups == 1 {
					single++
					if a.p99 != w.P99 {
						t.Errorf("%s -j%d: window %v: p99 %v, its one group's %v", tr, jobs, w.T, w.P99, a.p99)
					}
				}
			}
			if windows == 0 {
				t.Fatalf("%s: no window with samples", tr)
			}
			singles += single
			t.Logf("%s -j%d: %d windows with samples, %d of them one group's", tr, jobs, windows, single)
		}
	}
	if singles == 0 {
		t.Fatal("no window held one group's samples only: the p99s were not compared")
	}
}

// The program's windows are its goroutines' alone: in every window their
// count is the sum of the counts of the groups that are not the runtime's
// own, their max the largest of those groups' maxes, and a window with one
// such group has its p99; over the trace they hold sched_latency.program's
// waits. Checked at -j 1 and -j 3 on the gc program's trace, where the
// runtime's own goroutines (the sweeper, the GC's workers) wait too.
func TestProgramWindowsLeaveOutTheRuntime(t *testing.T) {
	tr := programTraces(t, "", "local")["gc"]
	for _, jobs := range []int{1, 3} {
		res, err := analyze.RunFile(tr, analyze.Options{Jobs: jobs, Window: 10 * time.Millisecond})
		if err != nil {
			t.Fatalf("-j%d: %v", jobs, err)
		}
		an := res.Analysis
		gg := an.GoroutineGroups
		if gg.WindowsNote != "" || gg.Omitted.Groups != 0 {
			t.Fatalf("-j%d: note %q, %d groups omitted", jobs, gg.WindowsNote, gg.Omitted.Groups)
		}
		program, all := an.SchedLatency.Program.Count, an.SchedLatency.All.Count
		if program == 0 || program == all {
			t.Fatalf("-j%d: %d of %d waits the program's: want the runtime's waits too, and the program's", jobs, program, all)
		}
		want := windowSums(gg.Groups, func(f string) bool { return !sched.RuntimeOwned(f) })
		var sum uint64
		single := 0
		for _, w := range gg.ProgramWindows {
			a := want[w.T]
			if a == nil || a.count != w.Count || a.max != w.Max || (a.groups == 1 && a.p99 != w.P99) {
				t.Errorf("-j%d: program window %v: count %d, max %v, p99 %v; its groups %+v", jobs, w.T, w.Count, w.Max, w.P99, a)
			}
			if a != nil && a.groups == 1 {
				single++
			}
			delete(want, w.T)
			sum += w.Count
		}
		if len(want) != 0 || sum != program {
			t.Errorf("-j%d: %d windows of the program's groups have no program window; the program windows hold %d waits, sched_latency.program %d", jobs, len(want), sum, program)
		}
		t.Logf("-j%d: %d program windows (%d with one group's waits) holding %d of the trace's %d waits", jobs, len(gg.ProgramWindows), single, sum, all)
	}
}

// Every goroutine the analysis names is listed with its start function, for
// window queries: as many of a start function as its group counts, or fewer
// (the analysis names a goroutine by its creation's, status's or own stop's
// stack; the 1000 the release program parked before its trace began and
// that exit without blocking show none of these, and are not listed), and
// the same list at -j 1 and -j 3.
func TestGoroutineFuncsNameTheGroups(t *testing.T) {
	tr := programTraces(t, "", "local")["release"]
	var lists []*analyze.GoroutineFuncs
	for _, jobs := range []int{1, 3} {
		res, err := analyze.RunFile(tr, analyze.Options{Jobs: jobs})
		if err != nil {
			t.Fatalf("-j%d: %v", jobs, err)
		}
		g := res.GoroutineFuncs
		lists = append(lists, g)
		listed := map[string]int{}
		for i, e := range g.Goroutines {
			if i > 0 && e[0] <= g.Goroutines[i-1][0] {
				t.Fatalf("-j%d: goroutine %d listed after %d: want ascending ids, once each", jobs, e[0], g.Goroutines[i-1][0])
			}
			listed[g.Funcs[e[1]]]++
		}
		for _, grp := range res.Analysis.GoroutineGroups.Groups {
			if listed[grp.StartFunc] > grp.Count {
				t.Errorf("-j%d: %d goroutines listed in %s, its group counts %d", jobs, listed[grp.StartFunc], grp.StartFunc, grp.Count)
			}
		}
		if listed["main.main"] != 1 || listed["runtime.bgsweep"] != 1 || g.Dropped != 0 {
			t.Errorf("-j%d: want main.main and the sweeper listed once each, none dropped: %v (%d dropped)", jobs, listed, g.Dropped)
		}
	}
	if !reflect.DeepEqual(lists[0], lists[1]) {
		t.Errorf("-j1 and -j3 list different start functions")
	}
}

// windowSum is what the groups' windows at one time add up to: their count, the largest max, how many
// groups had samples there, and the p99 of the last of them (the window's own when it is the one).
type windowSum struct {
	count, groups uint64
	max, p99      float64
}

// windowSums adds up the windows of the groups whose start function keep takes, by window start.
func windowSums(groups []output.GoroutineGroup, keep func(startFunc string) bool) map[float64]*windowSum {
	byT := map[float64]*windowSum{}
	for _, g := range groups {
		if !keep(g.StartFunc) {
			continue
		}
		for _, w := range g.Windows {
			a := byT[w.T]
			if a == nil {
				a = &windowSum{}
				byT[w.T] = a
			}
			a.count += w.Count
			a.max = math.Max(a.max, w.Max)
			a.groups++
			a.p99 = w.P99
		}
	}
	return byT
}

func findGroup(gg *output.GoroutineGroups, name string) *output.GoroutineGroup {
	for i := range gg.Groups {
		if gg.Groups[i].StartFunc == name {
			return &gg.Groups[i]
		}
	}
	return nil
}

// The program's tasks, regions and logs are all found, with their counts,
// and the region durations bound what the program does inside them.
func TestUserAnnotations(t *testing.T) {
	res := analyzeFile(t, regionsTrace(t))
	ua := res.Analysis.UserAnnotations
	const requests = 1000 // testdata/progs/regions
	region := map[string]output.RegionType{}
	for _, r := range ua.Regions {
		region[r.Type] = r
	}
	hr, up := region["handle request"], region["update"]
	if hr.Count != requests || up.Count != requests || hr.Incomplete+up.Incomplete != 0 {
		t.Fatalf("regions: %+v", ua.Regions)
	}
	// "handle request" burns 200µs and holds "update" (20µs of work under a
	// mutex), so it is never shorter than either. Medians, not minima: under
	// heavy load the parser moves events that come out of timestamp order
	// across Ms to 1 ns after the previous one (README), so a few regions
	// can measure nearly 0.
	if *hr.Duration.P50 < 200e-6 || *up.Duration.P50 < 20e-6 || *hr.Duration.P50 <= *up.Duration.P50 {
		t.Errorf("durations: handle request p50 %v, update p50 %v", *hr.Duration.P50, *up.Duration.P50)
	}
	// Four servers share two Ps: goroutines inside regions wait to run.
	if hr.SchedLatency.Count == 0 || hr.SchedLatency.Count < up.SchedLatency.Count {
		t.Errorf("latency inside regions: handle request %d samples, update %d", hr.SchedLatency.Count, up.SchedLatency.Count)
	}
	if len(ua.Tasks) != 1 || ua.Tasks[0].Type != "request" || ua.Tasks[0].Count != requests || *ua.Tasks[0].Duration.P50 < *hr.Duration.P50 {
		t.Errorf("tasks: %+v", ua.Tasks)
	}
	logs := map[string]uint64{}
	for _, l := range ua.Logs {
		logs[l.Category] = l.Count
	}
	if logs["request"] != requests || logs["sampled"] != requests/10 || len(logs) != 2 {
		t.Errorf("logs: %v", logs)
	}
	// The samples inside "handle request" are a subset of main.serve's.
	serve := findGroup(res.Analysis.GoroutineGroups, "main.serve")
	if serve == nil || hr.SchedLatency.Count > serve.SchedLatency.Count {
		t.Errorf("handle request has %d latency samples, main.serve %+v", hr.SchedLatency.Count, serve)
	}
}
