// Notes written as clauses ("the trace ends at 0.1 s"; a cap's note holds a semicolon of its own)
// joined into text a reader takes in one pass: each a sentence, whoever wrote it and however.

export const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** "the trace ends at 0.1 s", "This report asked …." → "The trace ends at 0.1 s. This report asked …." */
export function asSentences(notes: readonly string[]): string {
  return notes.map((note) => capitalised(note.trim())).map((note) => (/[.!?]$/.test(note) ? note : `${note}.`)).join(' ');
}
