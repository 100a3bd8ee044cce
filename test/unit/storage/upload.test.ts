import { describe, expect, it } from 'vitest';
import { inboxKeyOf, MAX_OBJECT_KEY_BYTES, uploadItemOf } from '../../../shared/storage/upload.ts';

describe('inboxKeyOf', () => {
  it('keeps a key within S3’s 1,024 bytes when the folders are deep, with the file name whole', () => {
    const folders = Array.from({ length: 30 }, (_, i) => `${i} Hankkeen liitteet ja väliraportit`);
    const path = `/r/${folders.join('/')}/Loppuraportti #2 ?.pdf`;

    const key = inboxKeyOf(path, '/r');
    const other = inboxKeyOf(path.replace('29 Hankkeen', '29 hankkeen'), '/r');

    expect(Buffer.byteLength(`/r/${folders.join('/')}`)).toBeGreaterThan(MAX_OBJECT_KEY_BYTES);
    expect(Buffer.byteLength(key)).toBeLessThanOrEqual(MAX_OBJECT_KEY_BYTES);
    expect(key).toMatch(
      /^incoming\/0 Hankkeen liitteet .*~[0-9a-f]{12}\/Loppuraportti #2 \?\.pdf$/,
    );
    expect(other).not.toBe(key);
    expect(uploadItemOf(path, '/r')).toEqual({ path, key });
  });

  it('keeps a name that starts with two dots below the folder given', () => {
    expect(inboxKeyOf('/r/sub/..notes.txt', '/r')).toBe('incoming/sub/..notes.txt');
    expect(inboxKeyOf('/r/..notes.txt', '/r')).toBe('incoming/..notes.txt');
  });
});
