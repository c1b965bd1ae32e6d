//go:build go1.25

// Go 1.25 made GOMAXPROCS follow the cgroup CPU limit and its changes; see godebug_go123.go for why
// gmpstress opts in explicitly.
//go:debug containermaxprocs=1
//go:debug updatemaxprocs=1

package main
