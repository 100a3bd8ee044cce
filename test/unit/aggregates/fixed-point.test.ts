import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NotExactError,
  roundUnits,
  sumUnits,
  toUnits,
  unitsToDecimal,
  unitsToNumber,
} from '../../../shared/aggregates/fixed-point.ts';

describe('toUnits', () => {
  it('reads numbers as the decimals they are written with, in millionths', () => {
    expect(toUnits(1532910)).toBe(1_532_910_000_000n);
    expect(toUnits(22.83)).toBe(22_830_000n);
    expect(toUnits(0.1)).toBe(100_000n);
    expect(toUnits(-3.7)).toBe(-3_700_000n);
    expect(toUnits(1e21)).toBe(10n ** 27n);
    expect(toUnits(1.5e-5)).toBe(15n);
    expect(toUnits('1234.5')).toBe(1_234_500_000n);
  });

  it('rounds a seventh decimal half away from zero', () => {
    expect(toUnits(0.0000005)).toBe(1n);
    expect(toUnits(0.0000004)).toBe(0n);
    expect(toUnits(-0.0000005)).toBe(-1n);
    expect(toUnits('2.1234565')).toBe(2_123_457n);
  });

  it('throws on what is not a finite number', () => {
    expect(() => toUnits(Number.NaN)).toThrow(NotExactError);
    expect(() => toUnits(Number.POSITIVE_INFINITY)).toThrow(NotExactError);
    expect(() => toUnits('12 €')).toThrow('Not a finite decimal number: 12 €');
  });
});

describe('exact sums', () => {
  it('sums cents without the drift of binary floating point', () => {
    const values = Array.from({ length: 10_000 }, () => 0.1);
    expect(values.reduce((a, b) => a + b, 0)).not.toBe(1000);
    expect(unitsToDecimal(sumUnits(values.map(toUnits)))).toBe('1000');
  });

  it('gives back every amount with cents exactly as written', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (cents) => {
        const euros = cents / 100;
        expect(unitsToNumber(toUnits(euros))).toBe(euros);
      }),
    );
  });

  it('is exact for any list of amounts with cents: the sum equals the integer sum of cents', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e12 }), { maxLength: 200 }), (cents) => {
        const exact = cents.reduce((a, b) => a + BigInt(b), 0n);
        expect(sumUnits(cents.map((c) => toUnits(c / 100)))).toBe(exact * 10_000n);
      }),
    );
  });
});

describe('unitsToDecimal and roundUnits', () => {
  it('writes millionths as a plain decimal', () => {
    expect(unitsToDecimal(0n)).toBe('0');
    expect(unitsToDecimal(-1_500_000n)).toBe('-1.5');
    expect(unitsToDecimal(10n ** 30n + 7n)).toBe('1000000000000000000000000.000007');
  });

  it('rounds to cents half away from zero, as a number', () => {
    expect(roundUnits(toUnits('2.345'), 2)).toBe(2.35);
    expect(roundUnits(toUnits('2.344999'), 2)).toBe(2.34);
    expect(roundUnits(toUnits('-2.345'), 2)).toBe(-2.35);
    expect(roundUnits(toUnits(1532910.25), 2)).toBe(1532910.25);
  });
});
