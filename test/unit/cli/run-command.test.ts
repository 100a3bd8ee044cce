import { describe, expect, it } from 'vitest';
import {
  inboxKeyOf,
  outcomeLine,
  pdfNameOf,
  uploadItemOf,
} from '../../../shared/cli/run-command.ts';

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

describe('pdfNameOf', () => {
  it('names a final report after its document, in safe characters, numbered when names meet', () => {
    const taken = new Set<string>();

    expect(pdfNameOf('004_c272ed91a4645a04.txt', undefined, taken)).toBe(
      '004_c272ed91a4645a04.pdf',
    );
    expect(pdfNameOf('Loppuraportti 2024 (v2).docx', undefined, taken)).toBe(
      'Loppuraportti-2024-v2.pdf',
    );
    expect(pdfNameOf('loppuraportti 2024 v2.pdf', undefined, taken)).toBe(
      'loppuraportti-2024-v2-2.pdf',
    );
    expect(pdfNameOf('../../etc/passwd', 'fi', taken)).toBe('passwd.fi.pdf');
    expect(pdfNameOf('Åbo rapport.odt', 'sv', taken)).toBe('Åbo-rapport.sv.pdf');
    expect(pdfNameOf('...', undefined, taken)).toBe('report.pdf');
  });
});

describe('outcomeLine', () => {
  it('says what became of a document, why, and where its final report is', () => {
    const stored = {
      file: 'a.txt',
      key: 'incoming/a.txt',
      status: 'stored',
      kind: 'project-description',
      projectId: 'A77892',
      checks: '2 warning',
    };

    expect(outcomeLine(stored, ['out/a.pdf'])).toBe(
      'a.txt → stored (project-description, A77892, 2 warning) → out/a.pdf',
    );
    expect(outcomeLine({ ...stored, checks: 'ok' }, undefined)).toBe(
      'a.txt → stored (project-description, A77892)',
    );
    expect(outcomeLine({ ...stored, checks: 'ok' }, [])).toBe(
      'a.txt → stored (project-description, A77892) (no final report)',
    );
    expect(
      outcomeLine(
        { file: 'b.txt', key: 'incoming/b.txt', status: 'rejected', reason: 'no project code' },
        [],
      ),
    ).toBe('b.txt → rejected: no project code');
  });
});
