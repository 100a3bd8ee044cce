import { describe, expect, it } from 'vitest';
import { auditTimeOf } from '../../../shared/pipeline/audit-clock.ts';

describe('auditTimeOf', () => {
  it('writes every clock as ISO 8601 UTC to the millisecond, so that times compare as text', () => {
    const times = [
      auditTimeOf('2026-02-01T08:00:30Z'),
      auditTimeOf('2026-02-01T10:00:30.25+02:00'),
      auditTimeOf(new Date(Date.UTC(2026, 1, 1, 8, 0, 30, 251))),
    ];

    expect(times).toEqual([
      '2026-02-01T08:00:30.000Z',
      '2026-02-01T08:00:30.250Z',
      '2026-02-01T08:00:30.251Z',
    ]);
    expect([...times].sort()).toEqual(times);
  });

  it('keeps a time it cannot read as it is', () => {
    expect(auditTimeOf('not a time')).toBe('not a time');
  });
});
