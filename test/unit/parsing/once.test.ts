import { describe, expect, it } from 'vitest';
import { onFirstUse } from '../../../shared/parsing/once.ts';

describe('a value made on first use', () => {
  it('is made once, when first asked for, and kept', () => {
    let made = 0;
    const value = onFirstUse(() => {
      made++;
      return { pattern: /x/u };
    });

    expect(made).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(made).toBe(1);
  });

  it('keeps an undefined value without making it again', () => {
    let made = 0;
    const value = onFirstUse(() => {
      made++;
      return undefined;
    });

    value();
    value();
    expect(made).toBe(1);
  });
});
