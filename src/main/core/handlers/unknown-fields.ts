// A command's input with a field its contract does not have: a misspelled option ("captures" for
// "capture") that the schema would drop without a word, running something other than what was asked.

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/**
 * The path of the first field of `raw` that the parse of it (`parsed`) dropped, e.g. "plan.captures"
 * or "plan.target.extra", or null when it kept every one. The schemas strip unknown keys; what they
 * keep, they keep under the same name, so a key of the input missing from the output at the same
 * place is one no schema there knows. A key given as undefined says nothing and is passed over;
 * where a schema turned a value into another shape (a transform), the walk stops.
 */
export function droppedField(raw: unknown, parsed: unknown, path = ''): string | null {
  if (Array.isArray(raw) && Array.isArray(parsed) && raw.length === parsed.length) {
    for (const [i, item] of raw.entries()) {
      const found = droppedField(item, parsed[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (!isPlainObject(raw) || !isPlainObject(parsed)) return null;
  for (const [key, value] of Object.entries(raw)) {
    const at = path ? `${path}.${key}` : key;
    if (value === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(parsed, key)) return at;
    const found = droppedField(value, parsed[key], at);
    if (found) return found;
  }
  return null;
}
