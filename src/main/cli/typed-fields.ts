// A field of a command's input, as the core names it in an error ("plan.gomaxprocs.0", "files.0",
// "limit"), in the words the user of gmpw typed: the flag, or the argument's name in the command's
// usage ("--gomaxprocs (its 1st value)", "the 1st FILE", "--limit"). dispatch() names the input's
// path so the UI can mark the field; on a command line that path is a word nobody typed.

/**
 * A command's input paths and what sets each: a flag ("--limit") or a usage name ("RUN_ID"). A path
 * matches its field, an item of it ("ids" matches "ids.0") and, with ".*", any key under it
 * ("plan.env.*": "--env" names "plan.env.GODEBUG" "--env GODEBUG"); "#" in a path stands for an
 * item's index, the item's place among the flag's values ("candidates.#.cell": "--candidate (its
 * 2nd value)"), and "*" inside a path for any key or index that is no place of the flag's
 * ("candidates.*.experimentId": the one --experiment, whichever candidate).
 */
export type FieldNames = Readonly<Record<string, string>>;

/** The 1-based ordinal of index i: 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
function ordinal(i: number): string {
  const n = i + 1;
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
}

/** "--gomaxprocs (its 2nd value)" for a flag's item, "the 2nd FILE" for an argument's. */
const item = (name: string, index: number): string => (name.startsWith('-') ? `${name} (its ${ordinal(index)} value)` : `the ${ordinal(index)} ${name}`);

/** The field as the user typed it; the field itself when nothing in `names` sets it. */
export function fieldAsTyped(field: string, names: FieldNames): string {
  for (const [path, name] of Object.entries(names)) {
    const keyed = path.endsWith('.*');
    const part = (p: string): string => (p === '#' ? '(\\d+)' : p === '*' ? '[^.]+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const pattern = (keyed ? path.slice(0, -2) : path).split('.').map(part).join('\\.');
    const m = new RegExp(`^${pattern}${keyed ? '\\.(.+)' : '(?:\\.(\\d+))?'}$`).exec(field);
    if (!m) continue;
    // A key after ".*" is the name typed with the flag; an index inside the path or at its end, the item.
    const captured = m.slice(1);
    if (keyed) return `${name} ${captured.at(-1)}`;
    const index = captured.find((c) => c !== undefined);
    return index === undefined ? name : item(name, Number(index));
  }
  return field;
}
