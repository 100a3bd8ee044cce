import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** A scratch folder for PDFs and their extracts, removed by `drop`. */
export function scratch(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name: string, bytes: Uint8Array): string {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    },
    drop: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const run = (command: string, args: string[]) =>
  execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** The text poppler reads, laid out as on the page. */
export const pdfText = (path: string) => run('pdftotext', ['-layout', path, '-']);

/** `pdfinfo` fields by name (`Tagged`, `Title`, `Page size`…). */
export function pdfInfo(path: string): Record<string, string> {
  return Object.fromEntries(
    run('pdfinfo', [path])
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}

/** The fonts `pdffonts` lists: name, type and whether embedded. */
export function pdfFonts(path: string): Array<{ name: string; type: string; embedded: boolean }> {
  return run('pdffonts', [path])
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [name = '', ...rest] = line.trim().split(/\s+/);
      const emb = rest.at(-5);
      return { name, type: rest.slice(0, -6).join(' '), embedded: emb === 'yes' };
    });
}

/** `qpdf --check`: its exit status and report. */
export function qpdfCheck(path: string): { status: number | null; output: string } {
  const out = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' });
  return { status: out.status, output: `${out.stdout}${out.stderr}` };
}

/** The bytes of the first embedded file, as poppler extracts them. */
export function firstAttachment(path: string, dir: string): Buffer {
  const target = join(dir, 'attachment.bin');
  run('pdfdetach', ['-save', '1', '-o', target, path]);
  return readFileSync(target);
}

/** Page 1 as poppler rasterises it, at `dpi`. */
export function firstPagePng(path: string, dpi: number): PNG {
  const png = execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', path]);
  return PNG.sync.read(png);
}
