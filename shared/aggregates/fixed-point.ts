/**
 * Exact decimal arithmetic for aggregates: every figure is kept as a whole number of
 * millionths (`bigint`), so a sum of a million euro amounts with cents never drifts the way
 * binary floating point does. DynamoDB numbers hold 38 significant digits, enough for
 * 10^32 millionths: a sum of 10^9 amounts of 10^14 euros each.
 */

/** Decimal places kept: cents, percentages to the hundredth and tenths of FTE fit with room. */
export const SCALE_DIGITS = 6;
const SCALE = 10n ** BigInt(SCALE_DIGITS);

/** Thrown when a value is not a finite number: a record never holds one, so this is a bug. */
export class NotExactError extends Error {
  constructor(value: unknown) {
    super(`Not a finite decimal number: ${String(value)}`);
    this.name = 'NotExactError';
  }
}

/**
 * A number as millionths. The number's shortest decimal form (what `String` gives, the form
 * the document stated it in) is read digit by digit; a seventh decimal and beyond are rounded
 * half away from zero, the only rounding this module does.
 */
export function toUnits(value: number | string): bigint {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new NotExactError(value);
  const negative = match[1] === '-';
  const digits = `${match[2] ?? ''}${match[3] ?? ''}`;
  // Position of the decimal point from the left of `digits`, after the exponent.
  const point = (match[2] ?? '').length + Number(match[4] ?? 0);
  const shift = point + SCALE_DIGITS - digits.length;
  let units: bigint;
  if (shift >= 0) {
    units = BigInt(digits || '0') * 10n ** BigInt(shift);
  } else {
    const kept = digits.slice(0, digits.length + shift) || '0';
    const dropped = digits.slice(digits.length + shift);
    units = BigInt(kept);
    if ((dropped[0] ?? '0') >= '5') units += 1n;
  }
  return negative ? -units : units;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new NotExactError(value);
  return String(value);
}

/** Millionths as a plain decimal string with no trailing zeros: `1234500000n` → `"1234.5"`. */
export function unitsToDecimal(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / SCALE;
  const fraction = (abs % SCALE).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** The nearest binary64 number to an exact value (what a JSON answer can carry). */
export function unitsToNumber(units: bigint): number {
  return Number(unitsToDecimal(units));
}

/**
 * Rounds millionths to `digits` decimals, half away from zero, as a number: the answer's sum to
 * the cent is this with 2, from the exact sum instead of a sum of floats.
 */
export function roundUnits(units: bigint, digits: number): number {
  const step = 10n ** BigInt(SCALE_DIGITS - digits);
  const negative = units < 0n;
  const abs = negative ? -units : units;
  let q = abs / step;
  if ((abs % step) * 2n >= step) q += 1n;
  return unitsToNumber((negative ? -q : q) * step);
}

/** Sum of millionths. */
export function sumUnits(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}
