package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"runtime/trace"
	"strings"
	"testing"
)

// traceFile records a short execution trace of this test process.
func traceFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.out")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := trace.Start(f); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	for i := 0; i < 4; i++ {
		go func() { done <- struct{}{} }()
		<-done
	}
	trace.Stop()
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadsEveryEventAndTheFirstGenerationsHeap(t *testing.T) {
	tr := traceFile(t)
	var out, errOut bytes.Buffer
	if code := run([]string{tr}, &out, &errOut); code != 0 || !regexp.MustCompile(`^[1-9]\d* events\n$`).MatchString(out.String()) {
		t.Fatalf("readloop TRACE: exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := run([]string{"-first-gen-heap", tr}, &out, &errOut); code != 0 || !regexp.MustCompile(`^[1-9]\d* bytes live after the first event\n$`).MatchString(out.String()) {
		t.Fatalf("readloop -first-gen-heap TRACE: exit %d, stdout %q", code, out.String())
	}
	out.Reset()
	if code := run([]string{"-wire", tr}, &out, &errOut); code != 0 || !regexp.MustCompile(`^[1-9]\d* timed events \(wire\) in [1-9]\d* generations, the largest \d+\.\d MB\n$`).MatchString(out.String()) {
		t.Fatalf("readloop -wire TRACE: exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := run([]string{"-order", tr}, &out, &errOut); code != 0 || !regexp.MustCompile(`^[1-9]\d* events \(order\) in [1-9]\d* generations, the largest \d+\.\d MB\n$`).MatchString(out.String()) {
		t.Fatalf("readloop -order TRACE: exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}

func TestExitCodes(t *testing.T) {
	tr := traceFile(t)
	data, err := os.ReadFile(tr)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.out")
	if err := os.WriteFile(cut, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(t.TempDir(), "garbage.out")
	if err := os.WriteFile(garbage, []byte("not a trace"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{nil, 2, "usage: readloop"},
		{[]string{filepath.Join(t.TempDir(), "missing.out")}, 2, "no such file"},
		{[]string{garbage}, 2, "readloop:"},
		{[]string{cut}, 3, "readloop:"},
		{[]string{"-wire", garbage}, 2, "readloop:"},
		{[]string{"-wire", cut}, 3, "readloop:"},
		{[]string{"-wire", "-first-gen-heap", tr}, 2, "usage: readloop"},
		{[]string{"-order", "-wire", tr}, 2, "usage: readloop"},
		{[]string{"-order", cut}, 3, "readloop:"},
	} {
		var out, errOut bytes.Buffer
		if code := run(tc.args, &out, &errOut); code != tc.code || !strings.Contains(errOut.String(), tc.says) {
			t.Errorf("readloop %v: exit %d, stderr %q; want exit %d saying %q", tc.args, code, errOut.String(), tc.code, tc.says)
		}
	}
}
