import { describe, expect, it } from 'vitest';
import {
  authorityLanguage,
  chooseLanguage,
  parseAuthorityLanguages,
} from '../../../shared/rendering/language.ts';
import type { ReportRecord } from '../../../shared/schemas/report-record.ts';

const record = (language: ReportRecord['language'], managingAuthority?: string): ReportRecord => ({
  kind: 'project-page',
  ...(language ? { language } : {}),
  project: managingAuthority ? { managingAuthority } : {},
  checks: [],
  provenance: {},
  source: { key: 'k', sha256: 'a'.repeat(64), bytes: 1, parser: 'p', parserVersion: '1' },
});

const configured = {
  'Pirkanmaan liitto': 'fi',
  'Österbottens förbund': 'sv',
  'työ- ja elinkeinoministeriö': 'fi',
} as const;

describe('chooseLanguage', () => {
  it('prefers the requested language, then the authority, then the document, then English', () => {
    expect(chooseLanguage(record('en', 'Pirkanmaan liitto'), configured, 'sv')).toBe('sv');
    expect(chooseLanguage(record('en', 'Pirkanmaan liitto'), configured)).toBe('fi');
    expect(chooseLanguage(record('sv', 'Unknown council'), configured)).toBe('sv');
    expect(chooseLanguage(record(undefined), configured)).toBe('en');
  });
});

describe('authorityLanguage', () => {
  it('matches names ignoring case and spacing', () => {
    expect(authorityLanguage('  ÖSTERBOTTENS   förbund ', configured)).toBe('sv');
  });

  it('matches a longer name that a configured one starts at a word boundary', () => {
    expect(
      authorityLanguage(
        'työ- ja elinkeinoministeriö, yritys- ja alueosaston rakennerahastot',
        configured,
      ),
    ).toBe('fi');
    expect(authorityLanguage('Pirkanmaan liittokokous', configured)).toBeUndefined();
  });

  it('lets the longest configured name win', () => {
    expect(authorityLanguage('Region Alpha North', { Region: 'fi', 'Region Alpha': 'sv' })).toBe(
      'sv',
    );
  });
});

describe('parseAuthorityLanguages', () => {
  it('reads a JSON map and rejects other JSON or languages', () => {
    expect(parseAuthorityLanguages('{"Pirkanmaan liitto":"fi"}')).toEqual({
      success: true,
      data: { 'Pirkanmaan liitto': 'fi' },
    });
    expect(parseAuthorityLanguages('{"x":"de"}')).toMatchObject({ success: false });
    expect(parseAuthorityLanguages('[1]')).toMatchObject({ success: false });
    expect(parseAuthorityLanguages('{')).toEqual({ success: false, error: 'not JSON' });
  });
});
