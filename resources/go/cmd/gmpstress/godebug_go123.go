//go:build go1.23

// The module says `go 1.22` so that users on Go 1.22 can import the harness, which would give this
// binary Go 1.22's defaults for every later behaviour change. The scheduler a user runs today is the
// one to stress, so gmpstress opts back into the current behaviour, one file per Go release that
// introduced a setting (a toolchain rejects settings it does not know).
//go:debug asynctimerchan=0

package main
