import { type Language, LanguageSchema, type ReportRecord } from '../schemas/report-record.ts';
import * as z from '../schemas/zod.ts';

/** Managing authority (as written in reports) → the language its final reports are written in. */
export const AuthorityLanguagesSchema = z.record(z.string().check(z.minLength(1)), LanguageSchema);
export type AuthorityLanguages = z.infer<typeof AuthorityLanguagesSchema>;

/** Parses the JSON form of the map, as configuration carries it. */
export function parseAuthorityLanguages(
  json: string,
): { success: true; data: AuthorityLanguages } | { success: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { success: false, error: 'not JSON' };
  }
  const parsed = AuthorityLanguagesSchema.safeParse(value);
  if (parsed.success) return { success: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    success: false,
    error: `${issue?.path.join('.') || 'map'}: ${issue?.message ?? 'invalid'}`,
  };
}

function normalised(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The configured language of an authority. Names match ignoring case and spacing; a configured
 * name also matches a longer one it starts, up to a comma or space ("työ- ja
 * elinkeinoministeriö" matches "työ- ja elinkeinoministeriö, yritys- ja alueosasto"). The
 * longest match wins.
 */
export function authorityLanguage(
  authority: string | undefined,
  languages: AuthorityLanguages,
): Language | undefined {
  if (!authority) return undefined;
  const name = normalised(authority);
  let best: { length: number; language: Language } | undefined;
  for (const [configured, language] of Object.entries(languages)) {
    const key = normalised(configured);
    const matches =
      name === key || (name.startsWith(key) && /^[\s,;(]/.test(name.slice(key.length)));
    if (matches && (!best || key.length > best.length)) best = { length: key.length, language };
  }
  return best?.language;
}

/**
 * The language of a final report: the one asked for, else the managing authority's configured
 * language, else the document's own, else English.
 */
export function chooseLanguage(
  record: ReportRecord,
  languages: AuthorityLanguages,
  requested?: Language,
): Language {
  return (
    requested ??
    authorityLanguage(record.project?.managingAuthority, languages) ??
    record.language ??
    'en'
  );
}
