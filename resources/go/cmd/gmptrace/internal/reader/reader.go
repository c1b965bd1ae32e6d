// Package reader is the streaming loop: it reads a trace with x/exp/trace one
// event at a time, hands each event to a callback and never keeps events.
// It turns every failure, including a panic inside the parser, into an error
// and tells apart a readable-but-truncated trace from an unreadable one.
package reader

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"golang.org/x/exp/trace"
)

// Info describes what was read.
type Info struct {
	GoVersion   string // from the header, e.g. "go1.23" (Go 1.24 writes the 1.23 header)
	Events      uint64
	Syncs       int
	Generations int  // generations read completely
	Partial     bool // a read error after at least one complete generation
	Err         error
}

// ErrUnreadable wraps errors that leave nothing usable.
var ErrUnreadable = errors.New("unreadable trace")

// Version parses the 16-byte header "go 1.NN trace\x00...".
func Version(hdr []byte) (string, bool) {
	const pre = "go 1."
	if !bytes.HasPrefix(hdr, []byte(pre)) {
		return "", false
	}
	rest := hdr[len(pre):]
	i := bytes.IndexByte(rest, ' ')
	if i <= 0 || !bytes.HasPrefix(rest[i:], []byte(" trace")) {
		return "", false
	}
	n, err := strconv.Atoi(string(rest[:i]))
	if err != nil {
		return "", false
	}
	return fmt.Sprintf("go1.%d", n), true
}

// Read streams r through fn. It returns an error wrapping ErrUnreadable when
// the input is not a trace or no generation could be read; otherwise
// Info.Partial/Info.Err describe a truncated or corrupt tail.
func Read(r io.Reader, fn func(ev *trace.Event)) (info Info, err error) {
	br := bufio.NewReaderSize(r, 1<<20)
	hdr, _ := br.Peek(16)
	info.GoVersion, _ = Version(hdr)
	defer func() {
		if p := recover(); p != nil {
			e := fmt.Errorf("parser failure: %v", p)
			info, err = finish(info, e)
		}
	}()
	tr, e := trace.NewReader(br)
	if e != nil {
		return info, fmt.Errorf("%w: %v", ErrUnreadable, e)
	}
	for {
		ev, e := tr.ReadEvent()
		if e == io.EOF {
			info.Generations = max(0, info.Syncs-1)
			return info, nil
		}
		if e != nil {
			return finish(info, e)
		}
		info.Events++
		if ev.Kind() == trace.EventSync {
			info.Syncs++
		}
		fn(&ev)
	}
}

func finish(info Info, e error) (Info, error) {
	info.Generations = max(0, info.Syncs-1)
	if info.Generations == 0 {
		return info, fmt.Errorf("%w: %v", ErrUnreadable, e)
	}
	info.Partial = true
	info.Err = e
	return info, nil
}
