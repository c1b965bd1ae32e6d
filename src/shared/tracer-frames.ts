// The execution tracer's own functions, by the prefixes of their names: runtime/trace's, and the
// runtime's trace writer, advancer and CPU-sample reader (runtime.traceStartReadCPU.func1,
// runtime.(*traceAdvancerState).start.func1). They run in every traced process, but are not the
// program's: flame graphs fold them, comparisons leave their goroutines' waits out.

const TRACER_PREFIXES = ['runtime/trace.', 'runtime.trace', 'runtime.(*trace'];

export const isTracerFunction = (name: string): boolean => TRACER_PREFIXES.some((p) => name.startsWith(p));
