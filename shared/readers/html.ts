import type { DefaultTreeAdapterTypes, TreeAdapter } from 'parse5';
import { decodeWindows1252 } from '../parsing/decode.ts';
import type { Check, Encoding } from '../schemas/report-record.ts';
import { isSpace, sniffHtml, tagNameAt } from './html-sniff.ts';
import {
  type Reader,
  type ReadLine,
  type ReadResult,
  readFailure,
  readingCheck,
} from './reader.ts';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;
type AdapterMap = DefaultTreeAdapterTypes.DefaultTreeAdapterMap;

/** parse5 needs about 40 times a page's size in memory; past this much markup it is refused. */
export const MAX_MARKUP_BYTES = 10 * 1024 * 1024;
/** How many parser or walker steps pass between two looks at the clock. */
const CLOCK_EVERY = 2048;

const DROPPED_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'button',
  'select',
  'option',
  'input',
  'textarea',
  'iframe',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'map',
  'dialog',
  'head',
  'title',
  'link',
  'meta',
]);
const DROPPED_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'dialog',
  'alertdialog',
  'menu',
  'menubar',
  'search',
]);
/** Class or id fragments of page furniture: consent dialogs, skip links, crumbs, screen-reader text. */
const FURNITURE_FRAGMENTS = [
  'cookie',
  'consent',
  'gdpr',
  'breadcrumb',
  'skiplink',
  'skip-link',
  'skip-to',
  'sr-only',
  'visually-hidden',
  'visuallyhidden',
  'element-invisible',
  'screen-reader',
];
/** Whole class or id words of page furniture; not `share`, which also names a cost share. */
const FURNITURE_WORDS = new Set([
  'banner',
  'social',
  'sharing',
  'addtoany',
  'sharethis',
  'some',
  'navbar',
  'navigation',
  'menu',
  'pagination',
]);

const PARAGRAPH_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const BLOCK_TAGS = new Set([
  'html',
  'body',
  'main',
  'article',
  'section',
  'div',
  'address',
  'blockquote',
  'center',
  'details',
  'summary',
  'dialog',
  'dd',
  'dl',
  'dt',
  'fieldset',
  'figure',
  'figcaption',
  'hgroup',
  'hr',
  'legend',
  'li',
  'ol',
  'ul',
  'menu',
  'pre',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'search',
  'header',
  'footer',
  'aside',
  'nav',
  ...PARAGRAPH_TAGS,
]);
const LABEL_TAGS = new Set(['strong', 'b', 'label', 'dt', 'th']);
const LABEL_WORDS = new Set(['label', 'key', 'name', 'title', 'term', 'heading', 'th', 'dt']);
const ALT_NOISE = new Set([
  'logo',
  'image',
  'img',
  'picture',
  'photo',
  'icon',
  'kuva',
  'kuvake',
  'bild',
  'ikon',
  'foto',
]);
const MAX_LABEL_LENGTH = 80;
const MAX_VALUE_LENGTH = 300;

interface Decoded {
  markup: string;
  encoding?: Encoding;
  checks: Check[];
}

const ENCODING_LABELS: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  // The WHATWG encoding standard reads all of these as windows-1252.
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  iso_8859_1: 'windows-1252',
  'iso-ir-100': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  // A page that declares UTF-16 in its own bytes cannot be UTF-16; the standard says UTF-8.
  'utf-16': 'utf-8',
  'utf-16le': 'utf-8',
  'utf-16be': 'utf-8',
};

/** The page's character set and text: BOM, then the declared charset, then strict UTF-8, then windows-1252. */
function decodeHtml(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return decodeUtf8(bytes.subarray(3), 'the byte order mark');
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return {
      markup: new TextDecoder('utf-16le').decode(bytes.subarray(2)),
      encoding: 'utf-16le',
      checks: [],
    };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return {
      markup: new TextDecoder('utf-16be').decode(bytes.subarray(2)),
      encoding: 'utf-16be',
      checks: [],
    };
  const declared = prescanCharset(bytes.subarray(0, 1024));
  if (declared !== undefined) {
    const known = ENCODING_LABELS[declared];
    if (known === 'utf-8') return decodeUtf8(bytes, `its charset (${declared})`);
    if (known === 'windows-1252') return decodeDeclaredLegacy(bytes, declared);
    const other = decodeWith(declared, bytes);
    if (other !== undefined) return { markup: other, checks: [] };
  }
  const utf8 = strictUtf8(bytes);
  if (utf8 !== undefined) return { markup: utf8, encoding: 'utf-8', checks: [] };
  const why =
    declared === undefined
      ? 'The page declares no charset and is not valid UTF-8'
      : `The page declares the charset "${declared}", which is not supported, and is not valid UTF-8`;
  return {
    markup: decodeWindows1252(bytes),
    encoding: 'windows-1252',
    checks: [readingCheck('encoding-fallback', 'info', `${why}; it was read as Windows-1252.`)],
  };
}

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

function decodeUtf8(bytes: Uint8Array, source: string): Decoded {
  const strict = strictUtf8(bytes);
  if (strict !== undefined) return { markup: strict, encoding: 'utf-8', checks: [] };
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  let replaced = 0;
  for (const c of lenient) if (c === '\ufffd') replaced++;
  let high = 0;
  for (const b of bytes) if (b >= 0x80) high++;
  // Mostly broken sequences mean the page is really in a legacy charset and says otherwise.
  if (replaced * 2 > high) {
    return {
      markup: decodeWindows1252(bytes),
      encoding: 'windows-1252',
      checks: [
        readingCheck(
          'encoding-fallback',
          'warning',
          `The page is declared UTF-8 by ${source} but is not valid UTF-8; it was read as Windows-1252.`,
        ),
      ],
    };
  }
  return {
    markup: lenient,
    encoding: 'utf-8',
    checks: [
      readingCheck(
        'replacement-characters',
        'warning',
        `The page is UTF-8 but ${replaced} byte sequence(s) are not; they were replaced with \ufffd.`,
      ),
    ],
  };
}

function decodeDeclaredLegacy(bytes: Uint8Array, declared: string): Decoded {
  const utf8 = strictUtf8(bytes);
  // Valid multi-byte UTF-8 is almost never meant as Latin-1: the declaration is the mistake.
  if (utf8 !== undefined && bytes.some((b) => b >= 0x80)) {
    return {
      markup: utf8,
      encoding: 'utf-8',
      checks: [
        readingCheck(
          'encoding-fallback',
          'info',
          `The page declares the charset "${declared}" but its bytes are UTF-8; it was read as UTF-8.`,
        ),
      ],
    };
  }
  return { markup: decodeWindows1252(bytes), encoding: 'windows-1252', checks: [] };
}

function decodeWith(label: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * The charset a page's `<meta charset>` or `<meta http-equiv="Content-Type">` declares in its
 * first bytes, found the way the WHATWG prescan does: comments and other tags are skipped.
 */
export function prescanCharset(head: Uint8Array): string | undefined {
  const text = new TextDecoder('latin1').decode(head);
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return undefined;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) return undefined;
      i = end + 3;
      continue;
    }
    const closing = text[lt + 1] === '/';
    const name = tagNameAt(text, lt + (closing ? 2 : 1));
    if (name === undefined) {
      const end = text.indexOf('>', lt + 1);
      if (end < 0) return undefined;
      i = end + 1;
      continue;
    }
    const { attributes, end } = scanAttributes(text, lt + name.length + (closing ? 2 : 1));
    i = end;
    if (name !== 'meta' || closing) continue;
    const charset = attributes.get('charset');
    if (charset) return charset.trim().toLowerCase();
    if (attributes.get('http-equiv')?.toLowerCase() === 'content-type') {
      const content = attributes.get('content') ?? '';
      const match = /charset\s*=\s*["']?([^"';\s]+)/i.exec(content);
      if (match?.[1]) return match[1].toLowerCase();
    }
  }
  return undefined;
}

function scanAttributes(
  text: string,
  from: number,
): { attributes: Map<string, string>; end: number } {
  const attributes = new Map<string, string>();
  let i = from;
  for (;;) {
    while (i < text.length && (isSpace(text.charCodeAt(i)) || text[i] === '/')) i++;
    if (i >= text.length) return { attributes, end: i };
    if (text[i] === '>') return { attributes, end: i + 1 };
    const nameStart = i;
    while (i < text.length && !isSpace(text.charCodeAt(i)) && !'=/>'.includes(text[i] ?? '')) i++;
    const name = text.slice(nameStart, i).toLowerCase();
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    let value = '';
    if (text[i] === '=') {
      i++;
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      const quote = text[i];
      if (quote === '"' || quote === "'") {
        const close = text.indexOf(quote, i + 1);
        const stop = close < 0 ? text.length : close;
        value = text.slice(i + 1, stop);
        i = stop + 1;
      } else {
        const valueStart = i;
        while (i < text.length && !isSpace(text.charCodeAt(i)) && text[i] !== '>') i++;
        value = text.slice(valueStart, i);
      }
    }
    if (name && !attributes.has(name)) attributes.set(name, value);
  }
}

class ReadTimeout extends Error {
  constructor() {
    super('HTML reading ran past its time limit');
    this.name = 'ReadTimeout';
  }
}

/** A time budget shared by the parser's tree building and the walks over the tree. */
class Clock {
  private steps = 0;
  private readonly deadline: number;
  constructor(deadline: number) {
    this.deadline = deadline;
  }
  tick(): void {
    this.steps++;
    if (this.steps % CLOCK_EVERY === 0 && Date.now() > this.deadline) throw new ReadTimeout();
  }
}

/** What the walks need to know about the page besides the element in hand. */
interface Page {
  clock: Clock;
  /** Elements with an h1 inside; elements with a dl or a table inside. */
  holdsH1: Set<Node>;
  holdsFacts: Set<Node>;
  /** Headers that belong to an article, not to the site. */
  articleHeaders: Set<Node>;
  /** The kept root is the main landmark or an article, not the whole body. */
  inContent: boolean;
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function childrenOf(node: Node): Node[] {
  return 'childNodes' in node ? node.childNodes : [];
}

function attribute(element: Element, name: string): string | undefined {
  for (const attr of element.attrs) if (attr.name === name) return attr.value;
  return undefined;
}

function classWords(element: Element): string {
  return `${attribute(element, 'class') ?? ''} ${attribute(element, 'id') ?? ''}`.toLowerCase();
}

function isHidden(element: Element): boolean {
  if (attribute(element, 'hidden') !== undefined) return true;
  if (attribute(element, 'aria-hidden')?.trim().toLowerCase() === 'true') return true;
  const style = attribute(element, 'style')?.toLowerCase().replace(/\s+/g, '');
  return (
    style !== undefined && (style.includes('display:none') || style.includes('visibility:hidden'))
  );
}

function isFurniture(element: Element, page: Page): boolean {
  const role = attribute(element, 'role')?.trim().toLowerCase();
  if (role && DROPPED_ROLES.has(role)) return true;
  const words = classWords(element);
  if (!words.trim()) return false;
  const furniture =
    FURNITURE_FRAGMENTS.some((fragment) => words.includes(fragment)) ||
    words.split(/[^a-z0-9]+/).some((word) => FURNITURE_WORDS.has(word));
  // A "banner" that holds the page's h1 is the page's title block, not furniture.
  return furniture && !page.holdsH1.has(element);
}

/**
 * Whether an element is page furniture or hidden. An `aside` is kept when it is a fact box (holds
 * a list of terms or a table); a `header` is kept inside the main content or an article.
 */
function isDropped(element: Element, page: Page): boolean {
  const tag = element.tagName;
  if (tag === 'aside' && page.holdsFacts.has(element)) return isHidden(element);
  if (tag === 'header' && (page.inContent || page.articleHeaders.has(element)))
    return attribute(element, 'role') === 'banner' || isHidden(element);
  if (DROPPED_TAGS.has(tag)) return true;
  if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml') return true;
  return isHidden(element) || isFurniture(element, page);
}

function isBlock(element: Element): boolean {
  // Custom elements (`<app-project-facts>`) are nearly always styled as blocks.
  return BLOCK_TAGS.has(element.tagName) || element.tagName.includes('-');
}

function collapse(value: string): string {
  return value.replace(/\s+/g, ' ');
}

function altText(element: Element): string | undefined {
  const alt = collapse(attribute(element, 'alt') ?? '').trim();
  if (!alt) return undefined;
  if (ALT_NOISE.has(alt.toLowerCase())) return undefined;
  if (!alt.includes(' ') && /\.[a-z0-9]{2,4}$/i.test(alt)) return undefined;
  return alt;
}

/**
 * The text of a subtree on one line: its blocks joined with `separator`, whitespace collapsed,
 * dropped elements left out. Gives undefined past `maxNodes` nodes.
 */
function flatten(
  root: Node,
  separator: string,
  page: Page,
  maxNodes = Number.POSITIVE_INFINITY,
): string | undefined {
  const chunks: string[] = [];
  let current = '';
  let nodes = 0;
  const endChunk = () => {
    const chunk = collapse(current).trim();
    if (chunk) chunks.push(chunk);
    current = '';
  };
  const stack: Array<Node | null> = [...childrenOf(root)].reverse();
  while (stack.length > 0) {
    page.clock.tick();
    if (++nodes > maxNodes) return undefined;
    const node = stack.pop();
    if (node === null) {
      endChunk();
      continue;
    }
    if (node === undefined) break;
    if (!isElement(node)) {
      if (node.nodeName === '#text' && 'value' in node) current += node.value;
      continue;
    }
    if (isDropped(node, page)) continue;
    if (node.tagName === 'br') current += ' ';
    else if (node.tagName === 'img') current += ` ${altText(node) ?? ''} `;
    else {
      if (isBlock(node)) {
        endChunk();
        stack.push(null);
      }
      for (let i = node.childNodes.length - 1; i >= 0; i--) {
        const child = node.childNodes[i];
        if (child) stack.push(child);
      }
    }
  }
  endChunk();
  return chunks.join(separator);
}

/** What the walker emits: text, a line break (1) or a blank line (2), a hard `<br>`, a list prefix. */
type Part =
  | { kind: 'text'; text: string; keep?: true }
  | { kind: 'break'; lines: 1 | 2 }
  | { kind: 'br' }
  | { kind: 'prefix'; text: string };

function textPart(value: string, keep?: true): Part {
  return keep ? { kind: 'text', text: value, keep } : { kind: 'text', text: value };
}

const BREAK: Part = { kind: 'break', lines: 1 };

function isVisibleText(part: Part): boolean {
  return part.kind === 'text' && part.text.trim() !== '';
}

/** The kept element children of an element with no text of its own, else undefined. */
function elementChildren(element: Element, page: Page): Element[] | undefined {
  const elements: Element[] = [];
  for (const child of element.childNodes) {
    if (isElement(child)) {
      if (!isDropped(child, page)) elements.push(child);
    } else if (child.nodeName === '#text' && 'value' in child && child.value.trim()) {
      return undefined;
    }
  }
  return elements;
}

function isLabelLike(element: Element): boolean {
  if (LABEL_TAGS.has(element.tagName)) return true;
  return classWords(element)
    .split(/[^a-z0-9]+/)
    .some((word) => LABEL_WORDS.has(word));
}

/** `<div><span class="label">Budget</span><span class="value">1 200 €</span></div>` as `Budget<TAB>1 200 €`. */
function labelValuePair(element: Element, page: Page): string | undefined {
  const children = elementChildren(element, page);
  if (children?.length !== 2) return undefined;
  const [label, value] = children;
  if (!label || !value || !isLabelLike(label) || /^h[1-6]$/.test(label.tagName)) return undefined;
  const labelText = flatten(label, ' ', page, 50)?.replace(/\s*[:：]$/, '');
  const valueText = flatten(value, '; ', page, 200);
  if (!labelText || !valueText) return undefined;
  if (labelText.length > MAX_LABEL_LENGTH || valueText.length > MAX_VALUE_LENGTH) return undefined;
  if (/[.!?]$/.test(labelText)) return undefined;
  return `${labelText}\t${valueText}`;
}

/** Rows of a table, not of the tables nested in it. */
function tableRows(table: Element, page: Page): Element[] {
  const rows: Element[] = [];
  for (const child of table.childNodes) {
    if (!isElement(child) || isDropped(child, page)) continue;
    if (child.tagName === 'tr') rows.push(child);
    else if (['thead', 'tbody', 'tfoot'].includes(child.tagName))
      for (const row of child.childNodes)
        if (isElement(row) && row.tagName === 'tr' && !isDropped(row, page)) rows.push(row);
  }
  return rows;
}

/** A table used to lay a page out rather than to hold data: its cells are read as blocks. */
function isLayoutTable(table: Element, page: Page): boolean {
  const role = attribute(table, 'role')?.toLowerCase();
  if (role === 'presentation' || role === 'none') return true;
  const stack = [...table.childNodes];
  for (let node = stack.pop(); node; node = stack.pop()) {
    page.clock.tick();
    if (!isElement(node)) continue;
    if (['table', 'h1', 'h2'].includes(node.tagName)) return true;
    for (const child of node.childNodes) stack.push(child);
  }
  return false;
}

function tableParts(table: Element, page: Page): Part[] {
  const parts: Part[] = [BREAK];
  for (const child of table.childNodes) {
    if (isElement(child) && child.tagName === 'caption') {
      parts.push(textPart(flatten(child, ' ', page) ?? ''), BREAK);
    }
  }
  for (const row of tableRows(table, page)) {
    const cells = row.childNodes
      .filter(
        (cell): cell is Element =>
          isElement(cell) && (cell.tagName === 'td' || cell.tagName === 'th') && !isHidden(cell),
      )
      .map((cell) => flatten(cell, ' ', page) ?? '');
    if (cells.every((cell) => !cell)) continue;
    parts.push(textPart(cells.join('\t'), true), BREAK);
  }
  return parts;
}

function definitionParts(list: Element, page: Page): Part[] {
  const items: Element[] = [];
  for (const child of list.childNodes) {
    if (!isElement(child) || isDropped(child, page)) continue;
    // HTML allows each dt/dd group of a dl to sit in its own div.
    if (child.tagName === 'div')
      for (const item of child.childNodes)
        if (isElement(item) && !isDropped(item, page)) items.push(item);
    if (child.tagName !== 'div') items.push(child);
  }
  const parts: Part[] = [BREAK];
  let terms: string[] = [];
  let definitions: string[] = [];
  const endGroup = () => {
    const term = terms.join('; ');
    const definition = definitions.join('; ');
    const line = term && definition ? `${term}\t${definition}` : term || definition;
    if (line) parts.push(textPart(line, true), BREAK);
    terms = [];
    definitions = [];
  };
  for (const item of items) {
    const value = flatten(item, ' ', page) ?? '';
    if (item.tagName === 'dt') {
      if (definitions.length > 0) endGroup();
      if (value) terms.push(value.replace(/\s*[:：]$/, ''));
    } else if (value) definitions.push(value);
  }
  endGroup();
  return parts;
}

function paragraphBreak(element: Element, listItemDepth: number): Part {
  return PARAGRAPH_TAGS.has(element.tagName) && listItemDepth === 0
    ? { kind: 'break', lines: 2 }
    : BREAK;
}

function preParts(value: string): Part[] {
  const parts: Part[] = [];
  value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((line, i) => {
      if (i > 0) parts.push({ kind: 'br' });
      if (line) parts.push(textPart(line, true));
    });
  return parts;
}

interface Frame {
  node: Node;
  exit?: Element;
}

/** Walks the kept part of the page the way a browser lays it out, into text and breaks. */
function walkContent(root: Element, page: Page): { parts: Part[]; hasH1: boolean } {
  const parts: Part[] = [];
  const stack: Frame[] = [{ node: root }];
  const counters: number[] = [];
  let listItemDepth = 0;
  let preDepth = 0;
  let hasH1 = false;
  const push = (more: Part[]) => {
    for (const part of more) parts.push(part);
  };
  while (stack.length > 0) {
    page.clock.tick();
    const frame = stack.pop();
    if (!frame) break;
    if (frame.exit) {
      const tag = frame.exit.tagName;
      if (tag === 'ol' || tag === 'ul' || tag === 'menu') counters.pop();
      if (tag === 'li') listItemDepth--;
      if (tag === 'pre') preDepth--;
      if (isBlock(frame.exit)) parts.push(paragraphBreak(frame.exit, listItemDepth));
      continue;
    }
    const node = frame.node;
    if (!isElement(node)) {
      if (node.nodeName === '#text' && 'value' in node)
        push(preDepth > 0 ? preParts(node.value) : [textPart(collapse(node.value))]);
      continue;
    }
    if (node !== root && isDropped(node, page)) continue;
    const tag = node.tagName;
    if (tag === 'h1') hasH1 = true;
    if (tag === 'br') {
      parts.push({ kind: 'br' });
      continue;
    }
    if (tag === 'img') {
      const alt = altText(node);
      if (alt) push([BREAK, textPart(alt), BREAK]);
      continue;
    }
    if (tag === 'table' && !isLayoutTable(node, page)) {
      push(tableParts(node, page));
      continue;
    }
    if (tag === 'dl') {
      push(definitionParts(node, page));
      continue;
    }
    if (isBlock(node) && tag !== 'pre' && tag !== 'li') {
      const pair = labelValuePair(node, page);
      if (pair) {
        push([BREAK, textPart(pair, true), BREAK]);
        continue;
      }
    }
    if (isBlock(node)) parts.push(paragraphBreak(node, listItemDepth));
    if (tag === 'ol' || tag === 'ul' || tag === 'menu') {
      const start = Number.parseInt(attribute(node, 'start') ?? '1', 10);
      counters.push(tag === 'ol' ? (Number.isFinite(start) ? start : 1) : 0);
    }
    if (tag === 'li') {
      listItemDepth++;
      const depth = counters.length - 1;
      const counter = counters[depth];
      if (counter === undefined || counter === 0) parts.push({ kind: 'prefix', text: '• ' });
      else {
        parts.push({ kind: 'prefix', text: `${counter}. ` });
        counters[depth] = counter + 1;
      }
    }
    if (tag === 'pre') preDepth++;
    stack.push({ node, exit: node });
    for (let i = node.childNodes.length - 1; i >= 0; i--) {
      const child = node.childNodes[i];
      if (child) stack.push({ node: child });
    }
  }
  return { parts, hasH1 };
}

/** Parts to lines: breaks merged, whitespace collapsed, at most one blank line in a row. */
function assembleLines(parts: Part[], maxLines: number): string[] | undefined {
  const lines: string[] = [];
  let segments: Array<{ text: string; keep?: true }> = [];
  let pending = 0;
  let prefix = '';
  const endLine = () => {
    const kept = segments.some((segment) => segment.keep);
    const joined = segments.map((segment) => segment.text).join('');
    lines.push(kept ? joined.replace(/^ +| +$/g, '') : collapse(joined).trim());
    segments = [];
  };
  for (const part of parts) {
    if (lines.length > maxLines) return undefined;
    if (part.kind === 'break') pending = Math.max(pending, part.lines);
    else if (part.kind === 'prefix') prefix = part.text;
    else if (part.kind === 'br') {
      endLine();
      pending = 0;
    } else if (!part.text.trim() && !part.keep) {
      if (pending === 0 && segments.length > 0) segments.push({ text: part.text });
    } else {
      if (pending > 0 && (segments.length > 0 || lines.length > 0)) {
        if (segments.length > 0) endLine();
        if (pending === 2) lines.push('');
      }
      pending = 0;
      if (prefix) {
        segments.push({ text: prefix });
        prefix = '';
      }
      segments.push(part.keep ? { text: part.text, keep: true } : { text: part.text });
    }
  }
  if (segments.length > 0) endLine();
  const result: string[] = [];
  for (const line of lines) {
    if (line === '' && (result.length === 0 || result[result.length - 1] === '')) continue;
    result.push(line);
  }
  while (result[result.length - 1] === '') result.pop();
  return result.length > maxLines ? undefined : result;
}

interface Landmarks {
  body?: Element;
  main?: Element;
  articles: Element[];
  title?: Element;
  h1?: Element;
}

function markAncestors(node: Node, marked: Set<Node>): void {
  let parent = parentOf(node);
  while (parent && !marked.has(parent)) {
    marked.add(parent);
    parent = parentOf(parent);
  }
}

function parentOf(node: Node): Node | null {
  return 'parentNode' in node ? node.parentNode : null;
}

/** One pass over the document: its landmarks, and which elements hold an h1, a dl or a table. */
function surveyDocument(document: ParentNode, page: Page): Landmarks {
  const found: Landmarks = { articles: [] };
  const stack: Array<{ node: Node; inMenu: boolean; inArticle: boolean }> = [
    { node: document, inMenu: false, inArticle: false },
  ];
  while (stack.length > 0) {
    page.clock.tick();
    const entry = stack.pop();
    if (!entry) break;
    const { node } = entry;
    let { inMenu, inArticle } = entry;
    if (isElement(node)) {
      const tag = node.tagName;
      if (tag === 'template' || tag === 'script' || tag === 'style' || isHidden(node)) continue;
      const role = attribute(node, 'role')?.toLowerCase();
      if (tag === 'title' && !found.title) found.title = node;
      if (tag === 'body' && !found.body) found.body = node;
      if (!found.main && (tag === 'main' || role === 'main')) found.main = node;
      if (tag === 'article') {
        found.articles.push(node);
        inArticle = true;
      }
      if (tag === 'header' && inArticle) page.articleHeaders.add(node);
      if (tag === 'dl' || tag === 'table') markAncestors(node, page.holdsFacts);
      if (tag === 'h1') markAncestors(node, page.holdsH1);
      // A page's h1 may sit in a header outside main; menus, footers and logos never hold it.
      if (['nav', 'footer', 'aside'].includes(tag) || role === 'navigation') inMenu = true;
      if (tag === 'h1' && !inMenu && !found.h1 && !/logo|brand|site-?name/.test(classWords(node)))
        found.h1 = node;
    }
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push({ node: child, inMenu, inArticle });
    }
  }
  return found;
}

function contentRoot(landmarks: Landmarks): Element | undefined {
  if (landmarks.main) return landmarks.main;
  if (landmarks.articles.length === 1) return landmarks.articles[0];
  return landmarks.body;
}

/** The page's heading for content without an h1: the page's own h1, else its title. */
function headingOf(landmarks: Landmarks, page: Page): string | undefined {
  const heading = landmarks.h1 && flatten(landmarks.h1, ' ', page);
  if (heading) return heading;
  // `News item | Ministry` names the site after the bar.
  const title = landmarks.title && flatten(landmarks.title, ' ', page)?.split(' | ')[0]?.trim();
  return title || undefined;
}

function success(lines: string[], encoding: Encoding | undefined, checks: Check[]): ReadResult {
  const readLines: ReadLine[] = lines.map((line) => ({ text: line }));
  return {
    success: true,
    data: { format: 'html', lines: readLines, ...(encoding ? { encoding } : {}), checks },
  };
}

/**
 * Reads an HTML page's visible main content as lines: menus, banners, consent dialogs, scripts
 * and hidden parts left out; tables, definition lists and label/value blocks as tab-joined rows.
 * A page with no visible text gives no lines, not a failure.
 */
export const readHtml: Reader = async (bytes, limits) => {
  const deadline = Date.now() + limits.timeoutMs;
  if (bytes.length > limits.maxBytes) {
    return readFailure(
      'document-too-large',
      `The HTML page is ${bytes.length} bytes; the limit is ${limits.maxBytes} bytes.`,
    );
  }
  if (bytes.length > MAX_MARKUP_BYTES) {
    return readFailure(
      'document-too-large',
      `The HTML page is ${bytes.length} bytes of markup; pages over ${MAX_MARKUP_BYTES} bytes are not read. Save the page as PDF or text instead.`,
    );
  }
  const { markup, encoding, checks } = decodeHtml(bytes);
  const { parse, defaultTreeAdapter } = await import('parse5');
  const page: Page = {
    clock: new Clock(deadline),
    holdsH1: new Set(),
    holdsFacts: new Set(),
    articleHeaders: new Set(),
    inContent: false,
  };
  const treeAdapter: TreeAdapter<AdapterMap> = {
    ...defaultTreeAdapter,
    createElement(tagName, namespaceURI, attrs) {
      page.clock.tick();
      return defaultTreeAdapter.createElement(tagName, namespaceURI, attrs);
    },
    insertText(parentNode, value) {
      page.clock.tick();
      defaultTreeAdapter.insertText(parentNode, value);
    },
  };
  let lines: string[] | undefined;
  try {
    const document = parse(markup, { treeAdapter });
    const landmarks = surveyDocument(document, page);
    const root = contentRoot(landmarks);
    if (!root) return success([], encoding, checks);
    page.inContent = root !== landmarks.body;
    let { parts, hasH1 } = walkContent(root, page);
    // An empty main is a shell filled in by scripts elsewhere; the body is all there is.
    if (page.inContent && landmarks.body && !parts.some(isVisibleText)) {
      page.inContent = false;
      ({ parts, hasH1 } = walkContent(landmarks.body, page));
    }
    const heading = hasH1 ? undefined : headingOf(landmarks, page);
    if (heading) parts.unshift(textPart(heading), { kind: 'break', lines: 2 });
    lines = assembleLines(parts, limits.maxLines);
  } catch (error) {
    if (error instanceof ReadTimeout) {
      return readFailure(
        'document-limit',
        `Reading the HTML page took longer than ${limits.timeoutMs} ms; upload a smaller page or its PDF.`,
      );
    }
    throw error;
  }
  if (!lines) {
    return readFailure(
      'document-limit',
      `The HTML page has more than ${limits.maxLines} lines of text; the limit is ${limits.maxLines}.`,
    );
  }
  return success(lines, encoding, checks);
};

/** The format registry's test, in its own module (`html-sniff.ts`) so the text path never loads this one. */
export { sniffHtml };
