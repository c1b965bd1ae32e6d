import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { droppedField } from './unknown-fields';

const schema = z.object({
  plan: z.object({ capture: z.array(z.string()).default([]), target: z.object({ id: z.string() }), env: z.record(z.string(), z.string()).default({}) }),
  cells: z.array(z.object({ n: z.number() })).default([]),
  label: z.string().optional(),
  when: z.string().transform((s) => ({ parsed: s })),
});
const check = (raw: unknown) => droppedField(raw, schema.parse(raw));
const base = { plan: { target: { id: 'a' } }, when: 'now' };

describe('droppedField', () => {
  it('finds a key the schema dropped, at any depth, arrays included', () => {
    expect(check({ ...base, captures: ['trace'] })).toBe('captures');
    expect(check({ ...base, plan: { ...base.plan, captures: ['trace'] } })).toBe('plan.captures');
    expect(check({ ...base, plan: { target: { id: 'a', kind: 'x' } } })).toBe('plan.target.kind');
    expect(check({ ...base, cells: [{ n: 1 }, { n: 2, m: 3 }] })).toBe('cells[1].m');
  });
  it('passes what the schema kept: defaults added, record keys, undefined keys, transformed values', () => {
    expect(check(base)).toBeNull();
    expect(check({ ...base, plan: { ...base.plan, env: { ANY_NAME: '1' } } })).toBeNull();
    expect(check({ ...base, label: undefined })).toBeNull();
    expect(check({ ...base, cells: [{ n: 1 }] })).toBeNull();
  });
});
