// logs: a program whose trace is mostly strings, as a service that logs
// through runtime/trace writes: every trace.Log message is a string of its
// own in the generation's string table (the runtime dedupes all others).
// Usage: logs TRACE MESSAGES
package main

import (
	"context"
	"os"
	"runtime/trace"
	"strconv"
)

func main() {
	n, err := strconv.Atoi(os.Args[2])
	if err != nil {
		panic(err)
	}
	stop := traceTo(os.Args[1])
	defer stop()
	ctx, task := trace.NewTask(context.Background(), "logging")
	defer task.End()
	for i := 0; i < n; i++ {
		trace.WithRegion(ctx, "handle", func() {
			trace.Log(ctx, "step", "request "+strconv.Itoa(i)+" handled by the worker pool")
		})
	}
}
