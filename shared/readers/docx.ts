import { type Reader, type ReadFailure, type ReadResult, readFailure } from './reader.ts';
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
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'http://schemas.openxmlformats.org/officeDocument/2006/math': 'm',
  'http://purl.oclc.org/ooxml/officeDocument/math': 'm',
  'http://schemas.openxmlformats.org/package/2006/relationships': 'r',
};

/** Subtrees whose text is not what the document shows: deletions, field codes, old properties. */
const SKIPPED = new Set([
  'w:del',
  'w:moveFrom',
  'w:delText',
  'w:delInstrText',
  'w:instrText',
  'w:pPrChange',
  'w:rPrChange',
  'w:tblPrChange',
  'w:trPrChange',
  'w:tcPrChange',
  'w:sectPrChange',
  'w:numberingChange',
  'w:sectPr',
]);

interface Level {
  format: string;
  text: string | undefined;
  start: number;
}

interface Numbering {
  /** Levels by `numId`, then by `ilvl`. */
  levels: Map<string, Map<number, Level>>;
  /** Paragraph styles' numbering and the style each is based on. */
  styles: Map<string, { numId?: string; ilvl?: number; basedOn?: string }>;
}

/** Parts never read: page furniture, media, themes, building blocks, custom data. */
const NOT_READ = /(?:^|\/)(?:header|footer|media|theme|glossary|customXml|embeddings)/;

const CONTAINERS: Readonly<Record<string, string>> = {
  'xl/workbook.xml': 'an Excel workbook (XLSX)',
  'ppt/presentation.xml': 'a PowerPoint presentation (PPTX)',
  'content.xml': 'an OpenDocument file',
  'visio/document.xml': 'a Visio drawing',
};

function notDocx(names: readonly string[]): ReadResult {
  const known = Object.entries(CONTAINERS).find(([part]) => names.includes(part));
  const what = known ? known[1] : `a ZIP archive of ${names.length} files`;
  return readFailure(
    'unsupported-format',
    `The file is ${what}, not a Word document (DOCX): it has no word/document.xml. Upload the report as DOCX, PDF or text.`,
  );
}

function toInt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : undefined;
}

function isOn(value: string | undefined): boolean {
  return value === undefined || !['0', 'false', 'off'].includes(value);
}

/** The target of the first relationship of `type` in a `.rels` part, as a package path. */
function relationTarget(
  rels: Uint8Array | undefined,
  from: string,
  type: string,
  deadline: number,
): string | undefined {
  if (!rels) return undefined;
  let target: string | undefined;
  parseXml(
    rels,
    'DOCX relationships',
    NAMESPACES,
    {
      open: (el) => {
        if (target === undefined && el.name === 'r:Relationship' && el.attrs.Type?.endsWith(type))
          target = el.attrs.Target;
      },
      close: () => {},
      text: () => {},
    },
    deadline,
  );
  if (target === undefined || /^[a-z]+:/i.test(target)) return undefined;
  const parts = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

function relsOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

function readNumbering(
  numbering: Uint8Array | undefined,
  styles: Uint8Array | undefined,
  deadline: number,
): Numbering {
  const abstracts = new Map<string, Map<number, Level>>();
  const nums = new Map<string, { abstract: string; overrides: Map<number, Partial<Level>> }>();
  const result: Numbering = { levels: new Map(), styles: new Map() };
  if (numbering) {
    let abstract: Map<number, Level> | undefined;
    let num: { abstract: string; overrides: Map<number, Partial<Level>> } | undefined;
    let level: Partial<Level> | undefined;
    let override: number | undefined;
    parseXml(
      numbering,
      'DOCX numbering',
      NAMESPACES,
      {
        open: ({ name, attrs }) => {
          if (name === 'w:abstractNum') {
            abstract = new Map();
            abstracts.set(attrs.abstractNumId ?? '', abstract);
          } else if (name === 'w:num') {
            num = { abstract: '', overrides: new Map() };
            nums.set(attrs.numId ?? '', num);
          } else if (name === 'w:abstractNumId' && num) num.abstract = attrs.val ?? '';
          else if (name === 'w:lvlOverride' && num) {
            override = toInt(attrs.ilvl) ?? 0;
            num.overrides.set(override, {});
          } else if (name === 'w:startOverride' && num && override !== undefined) {
            const start = toInt(attrs.val);
            if (start !== undefined) (num.overrides.get(override) ?? {}).start = start;
          } else if (name === 'w:lvl') {
            level = { format: 'decimal', start: 1 };
            const ilvl = toInt(attrs.ilvl) ?? 0;
            if (num && override !== undefined) num.overrides.set(override, level);
            else abstract?.set(ilvl, level as Level);
          } else if (level && name === 'w:start') level.start = toInt(attrs.val) ?? 1;
          else if (level && name === 'w:numFmt') level.format = attrs.val ?? 'decimal';
          else if (level && name === 'w:lvlText') level.text = attrs.val;
        },
        close: (name) => {
          if (name === 'w:lvl') level = undefined;
          else if (name === 'w:lvlOverride') override = undefined;
          else if (name === 'w:num') num = undefined;
          else if (name === 'w:abstractNum') abstract = undefined;
        },
        text: () => {},
      },
      deadline,
    );
    for (const [numId, { abstract: id, overrides }] of nums) {
      const levels = new Map(abstracts.get(id) ?? []);
      for (const [ilvl, change] of overrides) {
        const base = levels.get(ilvl) ?? { format: 'decimal', text: undefined, start: 1 };
        levels.set(ilvl, { ...base, ...change });
      }
      result.levels.set(numId, levels);
    }
  }
  if (styles) {
    let style: { numId?: string; ilvl?: number; basedOn?: string } | undefined;
    parseXml(
      styles,
      'DOCX styles',
      NAMESPACES,
      {
        open: ({ name, attrs }) => {
          if (name === 'w:style') {
            style = {};
            if (attrs.type === 'paragraph') result.styles.set(attrs.styleId ?? '', style);
          } else if (!style) return;
          else if (name === 'w:basedOn') style.basedOn = attrs.val;
          else if (name === 'w:numId') style.numId = attrs.val;
          else if (name === 'w:ilvl') style.ilvl = toInt(attrs.val);
        },
        close: (name) => {
          if (name === 'w:style') style = undefined;
        },
        text: () => {},
      },
      deadline,
    );
  }
  return result;
}

function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
      return letterNumeral(n);
    case 'upperLetter':
      return letterNumeral(n).toUpperCase();
    case 'lowerRoman':
      return romanNumeral(n);
    case 'upperRoman':
      return romanNumeral(n).toUpperCase();
    case 'decimalZero':
      return String(n).padStart(2, '0');
    case 'none':
      return '';
    default:
      return String(n);
  }
}

const DEFAULT_TEXT: Readonly<Record<string, string>> = {
  lowerLetter: '%1)',
  upperLetter: '%1)',
  lowerRoman: '%1.',
  upperRoman: '%1.',
};

/** Numbers list paragraphs as Word shows them, counting per list (`numId`) and level. */
class ListCounter {
  private readonly counters = new Map<string, number[]>();

  private readonly numbering: Numbering;

  constructor(numbering: Numbering) {
    this.numbering = numbering;
  }

  prefix(style: string | undefined, numId: string | undefined, ilvl: number | undefined): string {
    let id = numId;
    let level = ilvl;
    const seen = new Set<string>();
    for (
      let s = style;
      s !== undefined && !seen.has(s) && (id === undefined || level === undefined);
    ) {
      seen.add(s);
      const props = this.numbering.styles.get(s);
      id ??= props?.numId;
      level ??= props?.ilvl;
      s = props?.basedOn;
    }
    if (id === undefined || id === '0') return '';
    const levels = this.numbering.levels.get(id);
    const lvl = Math.max(0, Math.min(level ?? 0, 8));
    const definition = levels?.get(lvl);
    if (!levels || !definition) return '';
    if (definition.format === 'bullet') return '• ';
    const counts = this.counters.get(id) ?? [];
    this.counters.set(id, counts);
    counts[lvl] = counts[lvl] === undefined ? definition.start : (counts[lvl] as number) + 1;
    counts.length = lvl + 1;
    const template = definition.text ?? DEFAULT_TEXT[definition.format] ?? '%1.';
    const text = template.replace(/%([1-9])/g, (_, k: string) => {
      const at = Number(k) - 1;
      const def = levels.get(at);
      return formatNumber(
        counts[at] ?? def?.start ?? 1,
        at === lvl ? definition.format : (def?.format ?? 'decimal'),
      );
    });
    return text.trim() ? `${text.trim()} ` : '';
  }
}

interface ParagraphProps {
  style?: string;
  numId?: string;
  ilvl?: number;
}

function readBody(
  xml: Uint8Array,
  part: string,
  numbering: Numbering,
  maxLines: number,
  deadline: number,
): { result: XmlResult; lines: string[] } {
  const layout = new TextLayout(maxLines);
  const lists = new ListCounter(numbering);
  const stack: string[] = [];
  const props: ParagraphProps[] = [];
  /** Open fields: `code` until their `separate`, then `result`. */
  const fields: ('code' | 'result')[] = [];
  /** Per open `mc:AlternateContent`: whether one of its branches was read. */
  const alternates: boolean[] = [];
  let skipping = 0;
  let inText = false;
  /** The run being read is hidden text (`w:vanish`), which the document does not show. */
  let hidden = false;

  const inRun = () => stack[stack.length - 2] === 'w:r';
  const open = ({ name, attrs }: XmlElement): void => {
    if (skipping > 0 || SKIPPED.has(name)) {
      skipping++;
      return;
    }
    if (name === 'mc:Choice' || name === 'mc:Fallback') {
      if (alternates[alternates.length - 1]) {
        skipping++;
        return;
      }
      if (alternates.length > 0) alternates[alternates.length - 1] = true;
    }
    stack.push(name);
    const parent = stack[stack.length - 2];
    switch (name) {
      case 'w:p':
        layout.beginParagraph();
        props.push({});
        break;
      case 'w:pStyle':
        if (parent === 'w:pPr') {
          const p = props[props.length - 1];
          if (p && attrs.val !== undefined) p.style = attrs.val;
        }
        break;
      case 'w:numId':
      case 'w:ilvl':
        if (parent === 'w:numPr') {
          const p = props[props.length - 1];
          if (p && name === 'w:numId' && attrs.val !== undefined) p.numId = attrs.val;
          const level = toInt(attrs.val);
          if (p && name === 'w:ilvl' && level !== undefined) p.ilvl = level;
        }
        break;
      case 'w:t':
      case 'm:t':
        inText = true;
        break;
      case 'w:tab':
      case 'w:ptab':
        if (inRun() && !fields.includes('code')) layout.text('\t');
        break;
      case 'w:br':
        if (inRun() && !fields.includes('code') && attrs.type !== 'page' && attrs.type !== 'column')
          layout.lineBreak();
        break;
      case 'w:cr':
        if (inRun() && !fields.includes('code')) layout.lineBreak();
        break;
      case 'w:noBreakHyphen':
        if (inRun() && !fields.includes('code')) layout.text('-');
        break;
      case 'w:fldChar':
        if (attrs.fldCharType === 'begin') fields.push('code');
        else if (attrs.fldCharType === 'separate' && fields.length > 0)
          fields[fields.length - 1] = 'result';
        else if (attrs.fldCharType === 'end') fields.pop();
        break;
      case 'w:tbl':
        layout.beginTable();
        break;
      case 'w:tr':
        layout.beginRow();
        break;
      case 'w:tc':
        layout.beginCell();
        break;
      case 'w:gridSpan':
        if (parent === 'w:tcPr') {
          const span = toInt(attrs.val);
          if (span !== undefined) layout.setCell({ span });
        }
        break;
      case 'w:vMerge':
        if (parent === 'w:tcPr') layout.setCell({ covered: attrs.val !== 'restart' });
        break;
      case 'w:txbxContent':
        layout.beginFloating();
        break;
      case 'mc:AlternateContent':
        alternates.push(false);
        break;
      case 'w:r':
        hidden = false;
        break;
      case 'w:vanish':
        if (parent === 'w:rPr' && stack[stack.length - 3] === 'w:r') hidden = isOn(attrs.val);
        break;
    }
  };
  const close = (name: string): void => {
    if (skipping > 0) {
      skipping--;
      return;
    }
    stack.pop();
    switch (name) {
      case 'w:p': {
        const p = props.pop() ?? {};
        layout.endParagraph(lists.prefix(p.style, p.numId, p.ilvl));
        break;
      }
      case 'w:t':
      case 'm:t':
        inText = false;
        break;
      case 'w:tbl':
        layout.endTable();
        break;
      case 'w:tr':
        layout.endRow();
        break;
      case 'w:tc':
        layout.endCell();
        break;
      case 'w:txbxContent':
        layout.endFloating();
        break;
      case 'mc:AlternateContent':
        alternates.pop();
        break;
    }
  };
  const text = (value: string): void => {
    if (inText && skipping === 0 && !hidden && !fields.includes('code')) layout.text(value);
  };
  const result = parseXml(xml, `DOCX part ${part}`, NAMESPACES, { open, close, text }, deadline);
  return { result, lines: result.success ? layout.lines : [] };
}

function timeout(limits: { timeoutMs: number }): ReadFailure {
  return {
    id: 'document-limit',
    message: `Reading the document took longer than ${limits.timeoutMs} ms, the time limit.`,
  };
}

/**
 * Reads a Word document (DOCX, DOCM, DOTX): the main part's paragraphs, tables and text boxes in
 * document order, list items with their numbers; headers, footers, notes and comments are left out.
 */
export const readDocx: Reader = async (bytes, limits) => {
  const deadline = Date.now() + limits.timeoutMs;
  const names: string[] = [];
  const unzipped = await unzipChecked(
    bytes,
    limits,
    (name) => {
      names.push(name);
      return name.endsWith('.rels') || (name.endsWith('.xml') && !NOT_READ.test(name));
    },
    'Word document (DOCX)',
  );
  if (!unzipped.success) return unzipped;
  if (Date.now() >= deadline) return { success: false, error: timeout(limits) };
  const files = unzipped.data;
  const main =
    relationTarget(files.get('_rels/.rels'), '', '/officeDocument', deadline) ??
    'word/document.xml';
  const document = files.get(main) ?? files.get('word/document.xml');
  if (!document) return notDocx(names);
  const rels = files.get(relsOf(main));
  const part = (type: string) => {
    const target = relationTarget(rels, main, type, deadline);
    return target === undefined ? undefined : files.get(target);
  };
  const numbering = readNumbering(part('/numbering'), part('/styles'), deadline);
  const { result, lines } = readBody(
    document,
    files.has(main) ? main : 'word/document.xml',
    numbering,
    limits.maxLines,
    deadline,
  );
  if (!result.success) return result;
  return {
    success: true,
    data: { format: 'docx', lines: lines.map((text) => ({ text })), checks: [] },
  };
};
