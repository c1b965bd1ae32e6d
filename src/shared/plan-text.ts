// A plan's list fields as a person types them, the same in the New run form and in gmpw run's flags:
// "1,2,4", "default,4", "0.5,1,max". Each parser gives the values or, as a string, what is wrong with
// the text; the ranges are the contract's to check (domain.ts), in its own words.

/** The values of a comma list, or what is wrong: no value, an empty item, or the first item `value` refuses. */
function parseList<T>(text: string, none: string, value: (item: string) => T | undefined, notA: string): T[] | string {
  const items = text.split(',').map((s) => s.trim());
  if (items.every((s) => s === '')) return none;
  if (items.includes('')) return `"${text.trim()}" has an empty item`;
  const values: T[] = [];
  for (const item of items) {
    const v = value(item);
    if (v === undefined) return `"${item}" is ${notA}`;
    values.push(v);
  }
  return values;
}

const WHOLE = /^\d+$/;
/** Decimal digits with an optional fraction: not 0x10, 1e3 or Infinity, which Number() would take. */
const DECIMAL = /^(\d+\.?\d*|\.\d+)$/;

/** "10,1000" → [10, 1000]. */
export const parseWholeNumbers = (text: string): number[] | string =>
  parseList(text, 'give a whole number, or a list such as 1,2,4', (s) => (WHOLE.test(s) ? Number(s) : undefined), 'not a whole number');

/** "default,1,2,4" → GOMAXPROCS values. */
export const parseGomaxprocsList = (text: string): Array<number | 'default'> | string =>
  parseList(text, 'give "default", a number, or a list such as 1,2,4', (s) => (s === 'default' ? 'default' : WHOLE.test(s) ? Number(s) : undefined), 'neither "default" nor a whole number');

/** "0.5,1,max" → CPU limits in cores ('max': none). */
export const parseCpuLimitList = (text: string): Array<number | 'max'> | string =>
  parseList(text, 'give "max", a number of cores, or a list such as 0.5,1,max', (s) => (s === 'max' ? 'max' : DECIMAL.test(s) ? Number(s) : undefined), 'neither "max" nor a number of cores');
