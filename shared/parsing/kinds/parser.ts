import type { ExtractedFields, Language } from '../../schemas/report-record.ts';
import { nonEuroAmount, writtenAmount } from '../amounts.ts';
import type { DateToken } from '../dates.ts';
import { letterInFigure } from '../numbers.ts';
import type { Hit, Line } from '../text.ts';

/** A field stated more than once with different values; the first statement was kept. */
export interface Conflict {
  fields: string[];
  kept: Line;
  other: Line;
}

/** A field the document states in a form that cannot be read safely, so it was left out. */
export interface Unread {
  path: string;
  line: Line;
  /** What was written: the impossible date, or the letter standing among the digits. */
  written: string;
  /** Why it cannot be read, e.g. `February 2021 has 28 days`. */
  problem?: string;
}

/** A sum a euro field would hold, stated in another currency only; the field was left out. */
export interface NonEuroAmount {
  path: string;
  line: Line;
  /** The sum as written: `7,4 miljoner kronor`. */
  written: string;
  /** The currency's code: `SEK`. */
  currency: string;
}

/** Where a numbered export stops short of its layout. */
export interface Truncation {
  /** The last line of text in the document. */
  line: Line;
  /** Where the text stops: `in section "5 Projektin julkinen rahoitus, euroa"`. */
  where: string;
  /** What a complete export has instead. */
  expected: string;
  /** Fields read from a last line that was cut off mid-line; left out. */
  dropped: string[];
}

/** Facts a parser saw that the checks need but the record does not carry. */
export interface ParserHints {
  /** Specific objectives for which the export says jobs are collected (`1.1, 2.1 ja 3.1`). */
  jobsCollectedForObjectives?: string[];
  /** How far the stated awards total may differ from the sum, given how it was rounded. */
  awardsStatedTotalTolerance?: number;
  conflicts?: Conflict[];
  /** Dates under a date label that name no calendar day. */
  invalidDates?: Unread[];
  /** Figures with a letter that passes for a digit (`3O6 123`). */
  lettersInFigures?: Unread[];
  nonEuroAmounts?: NonEuroAmount[];
  /** Sums kept as a document states them, with its word that they are approximate. */
  approximateAmounts?: Unread[];
  truncation?: Truncation;
}

export interface ParseOutput {
  fields: ExtractedFields;
  hints: ParserHints;
}

export type KindParser = (lines: readonly Line[], language?: Language) => ParseOutput;

/** What a parse noticed beyond the fields, collected as it goes. */
export class ParseNotes {
  readonly conflicts: Conflict[] = [];
  readonly invalidDates: Unread[] = [];
  readonly lettersInFigures: Unread[] = [];
  readonly nonEuroAmounts: NonEuroAmount[] = [];
  readonly approximateAmounts: Unread[] = [];

  /** The figure a labelled value states, unless a letter stands among its digits (`3O6 123`). */
  figure<T>(
    hit: Hit<string> | undefined,
    path: string,
    read: (value: string) => T | undefined,
  ): Hit<T> | undefined {
    if (!hit) return undefined;
    const letter = letterInFigure(hit.value);
    if (letter) {
      this.lettersInFigures.push({ path, line: hit.line, written: letter.char });
      return undefined;
    }
    const value = read(hit.value);
    return value === undefined ? undefined : { value, line: hit.line };
  }

  /**
   * The euro sum a labelled value states; a value that states its sum in another currency only
   * (`7,4 miljoner kronor`) gives none, and is noted.
   */
  euros(
    hit: Hit<string> | undefined,
    path: string,
    read: (value: string) => number | undefined,
    language?: Language,
  ): Hit<number> | undefined {
    const figure = this.figure(hit, path, read);
    if (figure || !hit) return figure;
    this.nonEuro(hit.value, path, hit.line, language);
    return undefined;
  }

  /** Notes the sum in another currency a text states for a euro field, if it states one. */
  nonEuro(text: string, path: string, line: Line, language?: Language): boolean {
    const sum = nonEuroAmount(text, language);
    if (!sum?.currencyCode) return false;
    this.nonEuroAmounts.push({
      path,
      line,
      written: writtenAmount(text, sum),
      currency: sum.currencyCode,
    });
    return true;
  }

  /** The date a token of the hit's value names; an impossible day (`31.2.2021`) gives nothing. */
  date(
    hit: Hit<string> | undefined,
    token: DateToken | undefined,
    path: string,
  ): Hit<DateToken & { date: string }> | undefined {
    if (!hit || !token) return undefined;
    const letter = letterInFigure(hit.value.slice(token.index, token.end + 1));
    if (letter) {
      this.lettersInFigures.push({ path, line: hit.line, written: letter.char });
      return undefined;
    }
    const { date } = token;
    if (date === undefined) {
      this.invalidDates.push({
        path,
        line: hit.line,
        written: token.raw,
        ...(token.problem ? { problem: token.problem } : {}),
      });
      return undefined;
    }
    return { value: { ...token, date }, line: hit.line };
  }

  /** The hints with what was noted added. */
  addTo(hints: ParserHints): ParserHints {
    return {
      ...hints,
      ...(this.conflicts.length > 0 ? { conflicts: this.conflicts } : {}),
      ...(this.invalidDates.length > 0 ? { invalidDates: this.invalidDates } : {}),
      ...(this.lettersInFigures.length > 0 ? { lettersInFigures: this.lettersInFigures } : {}),
      ...(this.nonEuroAmounts.length > 0 ? { nonEuroAmounts: this.nonEuroAmounts } : {}),
      ...(this.approximateAmounts.length > 0
        ? { approximateAmounts: this.approximateAmounts }
        : {}),
    };
  }
}
