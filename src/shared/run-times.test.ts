import { describe, expect, it } from 'vitest';
import { noProvenanceText, utcText } from './run-times';

describe('utcText', () => {
  it('writes a trace’s RFC 3339 start to the millisecond, and leaves text that is not one as it is', () => {
    expect(utcText('2026-12-06T13:23:56.051138932Z')).toBe('2026-12-06 13:23:56.051 UTC');
    expect(utcText('2026-12-06T13:23:56Z')).toBe('2026-12-06 13:23:56 UTC');
    expect(utcText('2026-12-06T13:23:56.5Z')).toBe('2026-12-06 13:23:56.5 UTC');
    expect(utcText('yesterday')).toBe('yesterday');
  });
});

describe('noProvenanceText', () => {
  it('says a target ran where it ran only when it started', () => {
    expect(noProvenanceText({ host: 'lab', targetStartedAt: '2026-12-07T20:18:10.000Z' })).toBe('No provenance: the target wrote no result.json. It ran on host lab.');
    expect(noProvenanceText({ host: 'local', targetStartedAt: '2026-12-07T20:18:10.000Z' })).toBe('No provenance: the target wrote no result.json. It ran on this machine.');
    // An unreachable host: ssh failed before anything ran there.
    expect(noProvenanceText({ host: 'lab', targetStartedAt: null })).toBe("No provenance: there is no result.json, and no record that the target started on host lab: the run's error says what stopped it.");
  });
});
