// A profile whose samples carry no stack draws nothing but its root: said in words instead, or the
// empty graph reads as a failure (the scheduler profile records no stack for a wait that followed a
// syscall's lost P, as go tool trace's does not either).

/** What a flame graph of `frames` frames (the root included) over `total` says of missing stacks; null when it has some. */
export function stacklessText(total: number, frames: number): string | null {
  if (total <= 0 || frames > 1) return null;
  return 'These samples carry no stack: there is nothing to draw but their total (the runtime recorded them without one).';
}
