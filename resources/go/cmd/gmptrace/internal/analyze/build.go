package analyze

import (
	"os"
	"path/filepath"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/output"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/pprofw"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/procs"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/sched"
)

func (a *analyzer) build(info reader.Info) *Result {
	if !a.started {
		a.procs = procs.New(0, a.winLen, a.win)
	}
	nwin := 0
	if a.started {
		nwin = a.win(a.end) + 1
	}
	for _, x := range a.gs.all() {
		a.procs.CloseRunning(&x.run, a.end)
		a.sched.Forget(&x.sched) // never named: its held waits are the program's
	}
	an := &output.Analysis{Schema: output.Schema, Blocking: map[string]float64{}}
	an.Meta = output.Meta{
		GoVersion:   info.GoVersion,
		DurationS:   a.secs(a.end),
		Events:      info.Events,
		Partial:     info.Partial,
		GoMaxProcs:  []output.GoMaxProcs{},
		WindowS:     a.opt.Window.Seconds(),
		Generations: info.Generations,
	}
	if info.Err != nil {
		an.Meta.Error = output.FirstLine(info.Err.Error())
	}
	an.Meta.StartedAt = a.startedAt()
	for _, m := range a.procs.MaxProcs {
		an.Meta.GoMaxProcs = append(an.Meta.GoMaxProcs, output.GoMaxProcs{T: a.secs(m.T), N: m.N})
	}

	s := a.sched
	an.SchedLatency.All = output.MakeHist(&s.All, &s.AllHist)
	an.SchedLatency.Program = output.MakeHist(&s.Program, &s.ProgramHist)
	an.SchedLatency.ByCause, an.SchedLatency.ProgramByCause = map[string]*output.Hist{}, map[string]*output.Hist{}
	for c := sched.Cause(0); c < sched.NumCauses; c++ {
		an.SchedLatency.ByCause[c.String()] = output.MakeHist(&s.ByCause[c], &s.CauseHst[c])
		an.SchedLatency.ProgramByCause[c.String()] = output.MakeHist(&s.ProgramByCause[c], &s.ProgramCauses[c])
	}
	an.SchedLatency.UnknownStart.Count = s.UnknownCount
	an.SchedLatency.UnknownStart.SumS = float64(s.UnknownSum) / 1e9
	an.SchedLatency.SpikeRule = sched.SpikeRule
	an.SchedLatency.OpenWaits = a.openWaits()

	// The last window's own length: the trace's end can cut it short.
	lastSpan := int64(a.end-a.t0) - int64(max(nwin-1, 0))*a.winLen
	judgeLast := 2*lastSpan >= a.winLen
	wins, spikes, bar := s.Finish(nwin, judgeLast)
	if bar.Threshold > 0 {
		an.SchedLatency.SpikeBar = &output.SpikeBar{MedianP99S: float64(bar.MedianP99) / 1e9, ThresholdS: float64(bar.Threshold) / 1e9}
	}
	an.Windows = make([]output.Window, 0, nwin)
	for i := 0; i < nwin && i < len(wins); i++ {
		w := wins[i]
		an.Windows = append(an.Windows, output.Window{
			T: float64(i) * a.opt.Window.Seconds(), Count: w.Count,
			P99: float64(w.P99) / 1e9, Max: float64(w.Max) / 1e9, Spike: spikes[i],
		})
	}
	an.Goroutines = []output.GoroutineSample{}
	for i, g := range a.states.Finish(nwin) {
		an.Goroutines = append(an.Goroutines, output.GoroutineSample{
			T: float64(i) * a.opt.Window.Seconds(), Running: g.Running, Runnable: g.Runnable,
			Waiting: g.Waiting, Syscall: g.Syscall, RunnableMax: g.RunnableMax,
		})
	}
	an.Procs = []output.Proc{}
	for _, u := range a.procs.Utilisation(nwin, a.end) {
		an.Procs = append(an.Procs, output.Proc{P: int64(u.P), Util: u.Util})
	}
	an.RunLength = output.MakeHist(&a.procs.RunLen, &a.procs.RunLenHist)

	an.STW = []output.STW{}
	for _, sp := range a.gc.STW {
		an.STW = append(an.STW, output.STW{T: a.secs(sp.Start), DurationS: float64(sp.End-sp.Start) / 1e9, Reason: sp.Name})
	}
	an.GC = output.GC{Cycles: a.gc.GCCycles, MarkAssistS: float64(a.gc.AssistTime) / 1e9, Spans: []output.Span{}, MarkAssists: a.gc.Assists}
	for _, sp := range a.gc.GC {
		an.GC.Spans = append(an.GC.Spans, output.Span{T: a.secs(sp.Start), DurationS: float64(sp.End-sp.Start) / 1e9})
	}
	an.Syscalls = output.Syscalls{Count: a.sys.Count, TimeS: float64(a.sys.Time) / 1e9, LostP: a.sys.LostP, LostPTimeS: float64(a.sys.LostPTime) / 1e9}
	for r, d := range a.blk.ByReason() {
		an.Blocking[r] = float64(d) / 1e9
	}
	an.Profiles = []output.ProfileRef{}
	an.Index = a.indexOut()
	an.MMU = a.mmuOut()
	groups := a.groups.Finish(a.end)
	an.GoroutineGroups = groupsOut(groups, programWindows(a.groups.ProgramWindows(nwin), nwin, judgeLast), a.groups.WindowsDropped, nwin, a.opt.Window.Seconds())
	an.UserAnnotations = annotationsOut(a.regions.Finish())

	dur := int64(a.end - a.t0)
	s.Prof.DurationNS, a.blk.Prof.DurationNS, a.sys.Prof.DurationNS = dur, dur, dur
	return &Result{
		Analysis:       an,
		Stacks:         a.stk,
		Profiles:       map[string]*pprofw.Profile{"sched": s.Prof, "block": a.blk.Prof, "syscall": a.sys.Prof},
		Partial:        info.Partial,
		OwnReader:      a.own,
		GoroutineFuncs: a.named.out(),
	}
}

// mmuOut is the MMU curve (absent when the trace never gave GOMAXPROCS).
func (a *analyzer) mmuOut() *output.MMU {
	if !a.mmu.Finish(int64(a.end)) {
		return nil
	}
	pts := a.mmuCurve.Finish()
	if len(pts) == 0 {
		return nil
	}
	m := &output.MMU{Flags: a.opt.MMUFlags.Names(), Points: make([]output.MMUPoint, 0, len(pts))}
	for _, p := range pts {
		m.Points = append(m.Points, output.MMUPoint{
			WindowS: float64(p.Window) / 1e9, MMU: p.MMU, WorstAtS: a.secs(trace.Time(p.At)), Err: p.Err,
		})
	}
	return m
}

// WriteProfiles writes sched.pprof, block.pprof and syscall.pprof into dir
// and lists them in the analysis.
func (r *Result) WriteProfiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, kind := range []string{"sched", "block", "syscall"} {
		name := kind + ".pprof"
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		err = r.Profiles[kind].Write(f, r.Stacks)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		r.Analysis.Profiles = append(r.Analysis.Profiles, output.ProfileRef{Name: name, Kind: kind})
	}
	return nil
}
