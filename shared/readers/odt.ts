import { type Reader, type ReadResult, readFailure } from './reader.ts';
import {
  letterNumeral,
  parseXml,
  romanNumeral,
  TextLayout,
  type XmlElement,
  type XmlResult,
} from './xml.ts';
import { unzipChecked } from './zip.ts';

const NAMESPACES: Readonly<Record<string, string>> = {
  'urn:oasis:names:tc:opendocument:xmlns:office:1.0': 'office',
  'urn:oasis:names:tc:opendocument:xmlns:text:1.0': 'text',
  'urn:oasis:names:tc:opendocument:xmlns:table:1.0': 'table',
  'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0': 'draw',
  'urn:oasis:names:tc:opendocument:xmlns:style:1.0': 'style',
  'urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0': 'svg',
};

/** Subtrees whose text the body does not show: notes, comments, deletions, index templates. */
const SKIPPED = new Set([
  'text:note',
  'office:annotation',
  'text:tracked-changes',
  'svg:title',
  'svg:desc',
  'office:forms',
  'office:scripts',
  'office:font-face-decls',
  'text:sequence-decls',
  'text:variable-decls',
  'text:user-field-decls',
  'text:table-of-content-source',
  'text:alphabetical-index-source',
  'text:illustration-index-source',
  'text:table-index-source',
  'text:object-index-source',
  'text:user-index-source',
  'text:bibliography-source',
]);

/** Drawing shapes whose paragraphs are read as a text box's. */
const FLOATING = new Set([
  'draw:text-box',
  'draw:custom-shape',
  'draw:rect',
  'draw:ellipse',
  'draw:polygon',
  'draw:caption',
]);

const ODF_TYPES: Readonly<Record<string, string>> = {
  'application/vnd.oasis.opendocument.spreadsheet': 'an OpenDocument spreadsheet (ODS)',
  'application/vnd.oasis.opendocument.presentation': 'an OpenDocument presentation (ODP)',
  'application/vnd.oasis.opendocument.graphics': 'an OpenDocument drawing (ODG)',
};

interface ListLevel {
  bullet: boolean;
  /** `1`, `a`, `A`, `i`, `I`, or empty for no number. */
  format: string;
  prefix: string;
  suffix: string;
  start: number;
  display: number;
}

interface ListStyles {
  lists: Map<string, Map<number, ListLevel>>;
  /** The list style a paragraph style numbers its paragraphs with. */
  paragraphs: Map<string, string>;
}

function toInt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : undefined;
}

/** Collects list styles as their elements stream by, in styles.xml or content.xml. */
function listStyleCollector(styles: ListStyles) {
  let list: Map<number, ListLevel> | undefined;
  return {
    open({ name, attrs }: XmlElement): void {
      if (name === 'text:list-style') {
        list = new Map();
        styles.lists.set(attrs.name ?? '', list);
      } else if (name === 'style:style' && attrs['list-style-name'] && attrs.name) {
        styles.paragraphs.set(attrs.name, attrs['list-style-name']);
      } else if (list && name.startsWith('text:list-level-style-')) {
        list.set(toInt(attrs.level) ?? 1, {
          bullet: name !== 'text:list-level-style-number',
          format: attrs['num-format'] ?? '',
          prefix: attrs['num-prefix'] ?? '',
          suffix: attrs['num-suffix'] ?? '',
          start: toInt(attrs['start-value']) ?? 1,
          display: toInt(attrs['display-levels']) ?? 1,
        });
      }
    },
    close(name: string): void {
      if (name === 'text:list-style') list = undefined;
    },
  };
}

function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'a':
      return letterNumeral(n);
    case 'A':
      return letterNumeral(n).toUpperCase();
    case 'i':
      return romanNumeral(n);
    case 'I':
      return romanNumeral(n).toUpperCase();
    default:
      return String(n);
  }
}

interface OpenList {
  style: string | undefined;
  level: number;
  counters: number[];
  /** The prefix waiting for the current item's first paragraph. */
  pending: string | undefined;
  /** The current item counted, for a prefix computed once its paragraph's style is known. */
  item: boolean;
}

function readContent(
  content: Uint8Array,
  styles: ListStyles,
  maxLines: number,
  deadline: number,
): { result: XmlResult; lines: string[] } {
  const layout = new TextLayout(maxLines);
  const collector = listStyleCollector(styles);
  const lists: OpenList[] = [];
  const lastCounters = new Map<string, number[]>();
  const rowRepeats: number[] = [];
  let skipping = 0;
  /** Paragraphs open, and whether the innermost has text yet (ODF drops a paragraph's leading space). */
  let depth = 0;
  let started = false;

  const prefixOf = (list: OpenList, paragraphStyle: string | undefined): string => {
    const styleName =
      list.style ?? (paragraphStyle ? styles.paragraphs.get(paragraphStyle) : undefined);
    const level = (styleName ? styles.lists.get(styleName) : undefined)?.get(list.level);
    if (!level || level.bullet) return '• ';
    if (level.format === '') return '';
    const from = Math.max(1, list.level - level.display + 1);
    const numbers: string[] = [];
    for (let l = from; l <= list.level; l++) {
      numbers.push(formatNumber(list.counters[l] ?? 1, l === list.level ? level.format : '1'));
    }
    return `${level.prefix}${numbers.join('.')}${level.suffix} `;
  };

  const open = (element: XmlElement): void => {
    const { name, attrs } = element;
    if (skipping > 0 || SKIPPED.has(name)) {
      skipping++;
      return;
    }
    collector.open(element);
    switch (name) {
      case 'text:p':
      case 'text:h': {
        layout.beginParagraph();
        depth++;
        started = false;
        const list = lists[lists.length - 1];
        if (list?.item) {
          list.item = false;
          list.pending = prefixOf(list, attrs['style-name']);
        }
        break;
      }
      case 'text:s': {
        const count = Math.max(1, Math.min(toInt(attrs.c) ?? 1, 1000));
        layout.text(' '.repeat(count));
        started = true;
        break;
      }
      case 'text:tab':
        layout.text('\t');
        started = true;
        break;
      case 'text:line-break':
        layout.lineBreak();
        started = false;
        break;
      case 'text:list': {
        const outer = lists[lists.length - 1];
        const style = attrs['style-name'] ?? outer?.style;
        let counters: number[] = [];
        if (outer) counters = outer.counters;
        else if (
          (attrs['continue-numbering'] === 'true' || attrs['continue-list']) &&
          lastCounters.has(style ?? '')
        )
          counters = lastCounters.get(style ?? '') as number[];
        if (!outer) lastCounters.set(style ?? '', counters);
        lists.push({
          style,
          level: (outer?.level ?? 0) + 1,
          counters,
          pending: undefined,
          item: false,
        });
        break;
      }
      case 'text:list-item': {
        const list = lists[lists.length - 1];
        if (!list) break;
        const levelStyle = list.style ? styles.lists.get(list.style)?.get(list.level) : undefined;
        const start = toInt(attrs['start-value']);
        const current = list.counters[list.level];
        list.counters[list.level] =
          start ?? (current === undefined ? (levelStyle?.start ?? 1) : current + 1);
        list.counters.length = list.level + 1;
        list.item = true;
        break;
      }
      case 'table:table':
        layout.beginTable();
        break;
      case 'table:table-row':
        layout.beginRow();
        rowRepeats.push(toInt(attrs['number-rows-repeated']) ?? 1);
        break;
      case 'table:table-cell':
      case 'table:covered-table-cell':
        layout.beginCell();
        layout.setCell({
          repeat: toInt(attrs['number-columns-repeated']) ?? 1,
          covered: name === 'table:covered-table-cell',
        });
        break;
      default:
        if (FLOATING.has(name)) layout.beginFloating();
    }
  };
  const close = (name: string): void => {
    if (skipping > 0) {
      skipping--;
      return;
    }
    collector.close(name);
    switch (name) {
      case 'text:p':
      case 'text:h': {
        const list = lists[lists.length - 1];
        const prefix = list?.pending ?? '';
        if (list) list.pending = undefined;
        layout.endParagraph(prefix);
        depth--;
        started = depth > 0;
        break;
      }
      case 'text:list':
        lists.pop();
        break;
      case 'text:list-item': {
        const list = lists[lists.length - 1];
        if (list) list.item = false;
        break;
      }
      case 'table:table':
        layout.endTable();
        break;
      case 'table:table-row':
        layout.endRow(rowRepeats.pop() ?? 1);
        break;
      case 'table:table-cell':
      case 'table:covered-table-cell':
        layout.endCell();
        break;
      default:
        if (FLOATING.has(name)) layout.endFloating();
    }
  };
  const text = (value: string): void => {
    if (skipping > 0 || depth === 0) return;
    // ODF collapses white space in a paragraph: `text:s` and `text:tab` stand for the rest.
    let collapsed = value.replace(/[ \t\r\n]+/g, ' ');
    if (!started) collapsed = collapsed.trimStart();
    if (collapsed === '') return;
    started = true;
    layout.text(collapsed);
  };
  const result = parseXml(
    content,
    'ODT part content.xml',
    NAMESPACES,
    { open, close, text },
    deadline,
  );
  return { result, lines: result.success ? layout.lines : [] };
}

function notOdt(names: readonly string[], mimetype: string | undefined): ReadResult {
  let what = `a ZIP archive of ${names.length} files`;
  if (mimetype && ODF_TYPES[mimetype]) what = ODF_TYPES[mimetype];
  else if (names.includes('word/document.xml')) what = 'a Word document (DOCX)';
  else if (names.includes('xl/workbook.xml')) what = 'an Excel workbook (XLSX)';
  return readFailure(
    'unsupported-format',
    `The file is ${what}, not an OpenDocument text (ODT). Upload the report as ODT, DOCX, PDF or text.`,
  );
}

/**
 * Reads an OpenDocument text (ODT, OTT): content.xml's paragraphs, headings, lists with their
 * numbers, tables and text boxes in document order; page headers and footers (styles.xml), notes,
 * comments and tracked deletions are left out.
 */
export const readOdt: Reader = async (bytes, limits) => {
  const deadline = Date.now() + limits.timeoutMs;
  const names: string[] = [];
  const wanted = new Set(['mimetype', 'content.xml', 'styles.xml', 'META-INF/manifest.xml']);
  const unzipped = await unzipChecked(
    bytes,
    limits,
    (name) => {
      names.push(name);
      return wanted.has(name);
    },
    'OpenDocument text (ODT)',
  );
  if (!unzipped.success) return unzipped;
  const files = unzipped.data;
  const mimetypeBytes = files.get('mimetype');
  const mimetype = mimetypeBytes ? new TextDecoder().decode(mimetypeBytes).trim() : undefined;
  const content = files.get('content.xml');
  if (!content || (mimetype && !mimetype.startsWith('application/vnd.oasis.opendocument.text')))
    return notOdt(names, mimetype);
  const manifest = files.get('META-INF/manifest.xml');
  if (manifest && new TextDecoder().decode(manifest).includes('encryption-data')) {
    return readFailure(
      'document-encrypted',
      'The OpenDocument text is password-protected; save it again without a password and upload that.',
    );
  }
  if (Date.now() >= deadline) {
    return readFailure(
      'document-limit',
      `Reading the document took longer than ${limits.timeoutMs} ms, the time limit.`,
    );
  }
  const styles: ListStyles = { lists: new Map(), paragraphs: new Map() };
  const stylesXml = files.get('styles.xml');
  if (stylesXml) {
    const collector = listStyleCollector(styles);
    const parsed = parseXml(
      stylesXml,
      'ODT part styles.xml',
      NAMESPACES,
      { open: collector.open, close: collector.close, text: () => {} },
      deadline,
    );
    if (!parsed.success) return parsed;
  }
  const { result, lines } = readContent(content, styles, limits.maxLines, deadline);
  if (!result.success) return result;
  return {
    success: true,
    data: { format: 'odt', lines: lines.map((text) => ({ text })), checks: [] },
  };
};
