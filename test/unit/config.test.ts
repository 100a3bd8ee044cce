import { describe, expect, it } from 'vitest';
import { loadRenderConfig } from '../../shared/config.ts';
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
      S3_FORCE_PATH_STYLE: false,
    });
  });

  it('names a missing variable', () => {
    expect(() => loadRenderConfig({ TABLE_NAME: 'reports' })).toThrow(/OUTBOX_BUCKET/);
    expect(() => loadRenderConfig({ TABLE_NAME: 'reports' })).toThrow(ConfigError);
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
