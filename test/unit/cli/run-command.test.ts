import { describe, expect, it } from 'vitest';
import { inboxKeyOf, uploadItemOf } from '../../../shared/cli/run-command.ts';

describe('inboxKeyOf', () => {
  it('keeps a file path below the folder given, under incoming/', () => {
    expect(inboxKeyOf('/r/2024/loppuraportti.pdf', '/r')).toBe('incoming/2024/loppuraportti.pdf');
    expect(inboxKeyOf('/elsewhere/a.txt', '/r')).toBe('incoming/a.txt');
  });

  it('shortens a name too long to store, keeping its start, a hash and its extension', () => {
    const name = `${'Hankkeen loppuraportti ja liitteet '.repeat(7)}ääkköset.pdf`;

    const key = inboxKeyOf(`/r/${name}`, '/r');
    const other = inboxKeyOf(`/r/${name.replace('liitteet', 'Liitteet')}`, '/r');

    expect(Buffer.byteLength(key.slice('incoming/'.length))).toBeLessThanOrEqual(200);
    expect(key).toMatch(/^incoming\/Hankkeen loppuraportti .*~[0-9a-f]{12}\.pdf$/);
    expect(other).not.toBe(key);
    expect(uploadItemOf(`/r/${name}`, '/r')).toEqual({
      path: `/r/${name}`,
      key,
      originalName: name,
    });
    expect(uploadItemOf('/r/a.pdf', '/r')).toEqual({ path: '/r/a.pdf', key: 'incoming/a.pdf' });
  });
});
