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
  const started = '2026-12-07T20:18:10.000Z';
  it('says a target ran where it ran only when it started, or its result says it did', () => {
    expect(noProvenanceText({ host: 'lab', state: 'failed', targetStartedAt: started, error: 'exit 2' }, false)).toBe('No provenance: the target wrote no result.json. It ran on host lab.');
    expect(noProvenanceText({ host: 'local', state: 'failed', targetStartedAt: started, error: null }, true)).toBe('No provenance: its result.json was not understood. It ran on this machine.');
    // Stored before target starts were kept: a success, or a result.json, says it ran.
    expect(noProvenanceText({ host: 'local', state: 'succeeded', targetStartedAt: null, error: null }, false)).toBe('No provenance: the target wrote no result.json. It ran on this machine.');
  });

  it('says a target never started where nothing says it did, and names the error only when there is one', () => {
    // An unreachable host: ssh failed before anything ran there.
    expect(noProvenanceText({ host: 'lab', state: 'failed', targetStartedAt: null, error: 'host lab is unreachable' }, false)).toBe("No provenance: there is no result.json, and no record that the target started on host lab: the run's error says what stopped it.");
    // Cancelled while queued: no error.
    expect(noProvenanceText({ host: 'local', state: 'cancelled', targetStartedAt: null, error: null }, false)).toBe('No provenance: there is no result.json, and no record that the target started on this machine.');
    expect(noProvenanceText({ host: 'lab', state: 'building', targetStartedAt: null, error: null }, false)).toBe('No provenance yet: the target has not started on host lab.');
  });
});
