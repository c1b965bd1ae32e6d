package syscalls

import "golang.org/x/exp/trace"

// Hold is a goroutine's syscall as far as its P goes: when the call began,
// the P it began holding, and when that P was taken from it. The analysis
// counts the calls that lost their P from it; a window query draws each
// held P from it.
type Hold struct {
	Begin trace.Time
	// P is the P the call began holding: NoProc when it began without one,
	// or before the reading did (then the P is not known).
	P trace.ProcID
	// LostAt is when the P was taken (stolen by sysmon, handed off, stopped
	// for a stop-the-world or a generation switch); 0 while the call holds
	// it, or never held one.
	LostAt trace.Time
}

// TakesP reports whether a P's transition from..to takes it from whoever
// held it, a syscall among them: a stop, or a steal. A P a syscall holds
// is stolen from "Idle" where the parser began at that generation: its
// status there, "SyscallAbandoned", reads as Idle (from Undetermined) to a
// parser that has not seen the P enter the syscall, and the steal then as
// Idle to Idle. So a status (from Undetermined) takes nothing, and a steal
// from Idle does: every reader, one that began at the first generation or
// at a later one, sees each P taken where it was.
func TakesP(from, to trace.ProcState) bool {
	return from != trace.ProcUndetermined && to != trace.ProcRunning
}

// Holds follows which syscall holds each P.
type Holds struct {
	onP map[trace.ProcID]*Hold
}

func NewHolds() Holds {
	return Holds{onP: make(map[trace.ProcID]*Hold)}
}

// Begin is a syscall beginning at now, holding P p (NoProc: none known).
func (h *Holds) Begin(s *Hold, now trace.Time, p trace.ProcID) {
	*s = Hold{Begin: now, P: p}
	if p != trace.NoProc {
		h.onP[p] = s
	}
}

// Resume is s, a call under way restored from a checkpoint, holding its P
// again unless it had lost it.
func (h *Holds) Resume(s *Hold) {
	if s.P != trace.NoProc && s.LostAt == 0 {
		h.onP[s.P] = s
	}
}

// Taken is P p leaving the running state at now: the call holding it, if
// one does, holds it no longer.
func (h *Holds) Taken(p trace.ProcID, now trace.Time) {
	if s, ok := h.onP[p]; ok {
		delete(h.onP, p)
		s.LostAt = now
	}
}

// End is the call s ending as its goroutine goes to state to. A call back
// without its P (to Runnable) whose P no steal was seen to take lost it at
// a moment the trace does not say: it is counted lost from its start.
func (h *Holds) End(s *Hold, to trace.GoState) {
	h.Drop(s)
	if to == trace.GoRunnable && s.LostAt == 0 {
		s.LostAt = s.Begin
	}
}

// Drop forgets s (its goroutine is gone): it holds no P any more.
func (h *Holds) Drop(s *Hold) {
	if cur, ok := h.onP[s.P]; ok && cur == s {
		delete(h.onP, s.P)
	}
}
