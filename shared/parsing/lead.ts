/**
 * The characters a pattern's match can start with, worked out from its source, so that lines a
 * label cannot start can be passed over without running the pattern. The analysis is cautious:
 * any construct it does not follow (`.`, `\s`, `\p{…}`, a negated class, a back-reference) makes
 * the answer "any character", and then every line is tried as before.
 */

/** Any character: the pattern's first character is not known. */
const ANY = 'any';
type Firsts = Set<string> | typeof ANY;

interface Part {
  firsts: Firsts;
  /** Whether the part can match the empty string. */
  empty: boolean;
}

/**
 * Widest range a class may span and still be listed character by character; a wider one
 * (`[!-~]`) counts as any character.
 */
const MAX_CLASS = 64;

function union(a: Firsts, b: Firsts): Firsts {
  if (a === ANY || b === ANY) return ANY;
  return new Set([...a, ...b]);
}

class SourceReader {
  i = 0;
  readonly source: string;

  constructor(source: string) {
    this.source = source;
  }

  peek(offset = 0): string {
    return this.source.charAt(this.i + offset);
  }

  /** An alternation, up to a closing parenthesis or the end. */
  alternation(): Part {
    let part = this.sequence();
    while (this.peek() === '|') {
      this.i++;
      const next = this.sequence();
      part = { firsts: union(part.firsts, next.firsts), empty: part.empty || next.empty };
    }
    return part;
  }

  sequence(): Part {
    let firsts: Firsts = new Set();
    let empty = true;
    while (this.i < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.quantified(this.atom());
      if (empty) firsts = union(firsts, atom.firsts);
      empty = empty && atom.empty;
    }
    return { firsts, empty };
  }

  quantified(atom: Part): Part {
    const c = this.peek();
    let empty = atom.empty;
    if (c === '?' || c === '*') {
      this.i++;
      empty = true;
    } else if (c === '+') {
      this.i++;
    } else if (c === '{') {
      const m = /^\{(\d*)(?:,\d*)?\}/u.exec(this.source.slice(this.i));
      if (!m) return { firsts: ANY, empty: true };
      this.i += m[0].length;
      empty = empty || Number(m[1] || 0) === 0;
    } else {
      return atom;
    }
    if (this.peek() === '?') this.i++; // lazy
    return { firsts: atom.firsts, empty };
  }

  atom(): Part {
    const c = this.peek();
    this.i++;
    if (c === '(') return this.group();
    if (c === '[') return this.characterClass();
    if (c === '\\') return this.escape();
    if (c === '^' || c === '$') return { firsts: new Set(), empty: true };
    if (c === '.') return { firsts: ANY, empty: false };
    return { firsts: new Set([c]), empty: false };
  }

  group(): Part {
    const rest = this.source.slice(this.i);
    const lookaround = /^\?<?[=!]/u.exec(rest);
    const prefix = lookaround ?? /^\?(?::|<[A-Za-z_$][\w$]*>)/u.exec(rest);
    if (prefix) this.i += prefix[0].length;
    const inner = this.alternation();
    if (this.peek() !== ')') return { firsts: ANY, empty: true };
    this.i++;
    // A lookaround matches no character; what follows it starts the match.
    return lookaround ? { firsts: new Set(), empty: true } : inner;
  }

  escape(): Part {
    const c = this.peek();
    this.i++;
    if (c === 'd') return { firsts: new Set('0123456789'), empty: false };
    if (c === 'b' || c === 'B') return { firsts: new Set(), empty: true };
    if (c === 't') return { firsts: new Set('\t'), empty: false };
    if (c === 'u' && /^[0-9a-fA-F]{4}$/u.test(this.source.slice(this.i, this.i + 4))) {
      const code = Number.parseInt(this.source.slice(this.i, this.i + 4), 16);
      this.i += 4;
      return { firsts: new Set([String.fromCharCode(code)]), empty: false };
    }
    // An escaped punctuation character stands for itself; other escapes are not followed.
    if (/^[\\^$.*+?()[\]{}|/\-:]$/u.test(c)) return { firsts: new Set([c]), empty: false };
    return { firsts: ANY, empty: false };
  }

  characterClass(): Part {
    const close = this.source.indexOf(']', this.i);
    const body = close < 0 ? '' : this.source.slice(this.i, close);
    this.i = close < 0 ? this.source.length : close + 1;
    if (body.length === 0 || body.startsWith('^') || body.includes('\\')) {
      return { firsts: ANY, empty: false };
    }
    const chars = new Set<string>();
    const units = [...body];
    for (let k = 0; k < units.length; k++) {
      const from = units[k] ?? '';
      const to = units[k + 2];
      if (units[k + 1] === '-' && to !== undefined) {
        const a = from.codePointAt(0) ?? 0;
        const b = to.codePointAt(0) ?? 0;
        if (b - a > MAX_CLASS) return { firsts: ANY, empty: false };
        for (let code = a; code <= b; code++) chars.add(String.fromCodePoint(code));
        k += 2;
      } else {
        chars.add(from);
      }
    }
    return { firsts: chars, empty: false };
  }
}

/**
 * Lower-cased characters a case-insensitive match of `source` can start with, or undefined when
 * that is not known (the pattern can start with any character, or with nothing).
 */
export function leadCharacters(source: string): ReadonlySet<string> | undefined {
  const reader = new SourceReader(source);
  const part = reader.alternation();
  if (reader.i !== source.length || part.empty || part.firsts === ANY) return undefined;
  const lower = new Set<string>();
  for (const c of part.firsts) {
    lower.add(c.toLowerCase());
    lower.add(c.toUpperCase().toLowerCase());
  }
  return lower;
}

/**
 * Characters from which on case-insensitive matching folds in ways `toLowerCase` does not (the
 * long s matches `s`, the Kelvin sign `k`); a line starting with one is always tried.
 */
const SIMPLE_CASE_END = 0x17f;

/**
 * Whether a line could start with a match of a pattern whose lead characters are `leads`, the
 * match coming at the line start or after a bullet and blanks.
 */
export function mayLead(
  text: string,
  leads: ReadonlySet<string> | undefined,
  bullets: string,
): boolean {
  if (!leads) return true;
  if (mayStart(text, 0, leads)) return true;
  if (!bullets.includes(text.charAt(0))) return false;
  let k = 1;
  while (k < text.length && WHITE.test(text.charAt(k))) k++;
  return mayStart(text, k, leads);
}

const WHITE = /\s/u;

function mayStart(text: string, at: number, leads: ReadonlySet<string>): boolean {
  const code = text.charCodeAt(at);
  if (Number.isNaN(code)) return false;
  if (code >= SIMPLE_CASE_END) return true;
  // ASCII and Latin-1 capitals lie 32 below their small letters.
  const upper = (code >= 0x41 && code <= 0x5a) || (code >= 0xc0 && code <= 0xde && code !== 0xd7);
  const c = upper ? String.fromCharCode(code + 32) : text.charAt(at);
  return leads.has(code >= 0x100 ? c.toLowerCase() : c);
}
