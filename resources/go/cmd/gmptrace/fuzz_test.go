package main

import (
	"bytes"
	"io"
	"testing"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/analyze"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/output"
)

// FuzzAnalyze: no input may panic the analyser; whatever it accepts must
// produce a writable analysis and writable profiles. Seeds are in
// testdata/fuzz/FuzzAnalyze (small real traces of Go 1.21–1.26, cut ones,
// junk). Run: go test -run '^$' -fuzz '^FuzzAnalyze$' -fuzztime 10s .
func FuzzAnalyze(f *testing.F) {
	f.Add([]byte("go 1.26 trace\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := analyze.Run(bytes.NewReader(data), analyze.Options{})
		if err != nil {
			return
		}
		if err := output.Write(io.Discard, res.Analysis); err != nil {
			t.Fatalf("writing analysis: %v", err)
		}
		for name, p := range res.Profiles {
			if err := p.Write(io.Discard, res.Stacks); err != nil {
				t.Fatalf("writing %s: %v", name, err)
			}
		}
	})
}
