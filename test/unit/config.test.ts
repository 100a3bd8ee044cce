import { describe, expect, it } from 'vitest';
import { loadExtractConfig, loadRenderConfig } from '../../shared/config.ts';
import { ConfigError } from '../../shared/errors.ts';

const base = { TABLE_NAME: 'reports', OUTBOX_BUCKET: 'outbox' };

describe('loadRenderConfig', () => {
  it('reads the settings and defaults the optional ones', () => {
    expect(
      loadRenderConfig({
        ...base,
        AUTHORITY_LANGUAGES: '{"Pirkanmaan liitto":"fi"}',
        FINAL_REPORT_TOPIC_ARN: '',
      }),
    ).toEqual({
      ...base,
      AUTHORITY_LANGUAGES: { 'Pirkanmaan liitto': 'fi' },
      FINAL_REPORT_TOPIC_ARN: undefined,
      INBOX_BUCKET: undefined,
      FONT_DIR: undefined,
      EPM_TIME_ZONE: 'Europe/Helsinki',
      S3_FORCE_PATH_STYLE: false,
    });
  });

  it('takes the managing authority’s time zone and refuses one that does not exist', () => {
    expect(loadRenderConfig({ ...base, EPM_TIME_ZONE: 'Europe/Stockholm' }).EPM_TIME_ZONE).toBe(
      'Europe/Stockholm',
    );
    expect(() => loadRenderConfig({ ...base, EPM_TIME_ZONE: 'Europe/Atlantis' })).toThrow(
      /EPM_TIME_ZONE: is not an IANA time zone/,
    );
  });

  it('names a missing variable', () => {
    expect(() => loadRenderConfig({ TABLE_NAME: 'reports' })).toThrow(/OUTBOX_BUCKET/);
    expect(() => loadRenderConfig({ TABLE_NAME: 'reports' })).toThrow(ConfigError);
  });

  it('says what is wrong with a value, in English', () => {
    expect(() => loadRenderConfig({ ...base, S3_FORCE_PATH_STYLE: 'yes' })).toThrow(
      /S3_FORCE_PATH_STYLE: Invalid option: expected one of "true"\|"false"/,
    );
  });

  it('refuses an outbox that is the inbox', () => {
    expect(() => loadRenderConfig({ ...base, INBOX_BUCKET: 'outbox' })).toThrow(
      /OUTBOX_BUCKET: must not be the inbox bucket/,
    );
  });

  it('refuses an authority map that is not JSON or names another language', () => {
    expect(() => loadRenderConfig({ ...base, AUTHORITY_LANGUAGES: '{x' })).toThrow(
      /AUTHORITY_LANGUAGES: not JSON/,
    );
    expect(() => loadRenderConfig({ ...base, AUTHORITY_LANGUAGES: '{"x":"de"}' })).toThrow(
      /AUTHORITY_LANGUAGES/,
    );
  });
});

describe('loadExtractConfig', () => {
  it('defaults the size limit and refuses one that is not a positive whole number', () => {
    const env = { TABLE_NAME: 'reports', INBOX_BUCKET: 'inbox' };
    expect(loadExtractConfig(env).MAX_DOCUMENT_BYTES).toBe(10 * 1024 * 1024);
    expect(loadExtractConfig({ ...env, MAX_DOCUMENT_BYTES: '2048' }).MAX_DOCUMENT_BYTES).toBe(2048);
    expect(() => loadExtractConfig({ ...env, MAX_DOCUMENT_BYTES: '1.5' })).toThrow(
      /MAX_DOCUMENT_BYTES: Invalid input: expected int/,
    );
    expect(() => loadExtractConfig({ ...env, MAX_DOCUMENT_BYTES: '-1' })).toThrow(
      /MAX_DOCUMENT_BYTES: Too small/,
    );
    expect(() => loadExtractConfig({ TABLE_NAME: '', INBOX_BUCKET: 'inbox' })).toThrow(
      /TABLE_NAME: Too small: expected string to have >=1 characters/,
    );
  });
});
