/** True when the bytes open like an HTML page or fragment: a doctype, `<html>`, a head tag or a block tag. */
export function sniffHtml(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 2048);
  let text: string;
  if (head[0] === 0xff && head[1] === 0xfe) text = new TextDecoder('utf-16le').decode(head);
  else if (head[0] === 0xfe && head[1] === 0xff) text = new TextDecoder('utf-16be').decode(head);
  else {
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    text = new TextDecoder('latin1').decode(head.subarray(bom));
  }
  let i = 0;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const close = text.startsWith('<!--', i) ? '-->' : text.startsWith('<?xml', i) ? '?>' : '';
    if (!close) break;
    const end = text.indexOf(close, i + 4);
    if (end < 0) return false;
    i = end + close.length;
  }
  if (text[i] !== '<') return false;
  if (text.slice(i, i + 14).toLowerCase() === '<!doctype html') return true;
  const name = tagNameAt(text, i + 1);
  return name !== undefined && (SNIFF_HEAD_TAGS.has(name) || SNIFF_BLOCK_TAGS.has(name));
}

const SNIFF_HEAD_TAGS = new Set(['html', 'head', 'body', 'meta', 'title', 'link', 'base', 'style']);
const SNIFF_BLOCK_TAGS = new Set([
  'main',
  'article',
  'section',
  'div',
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'ul',
  'ol',
  'dl',
  'blockquote',
  'header',
  'nav',
  'figure',
  'pre',
  'br',
  'hr',
]);

export function tagNameAt(text: string, start: number): string | undefined {
  let end = start;
  while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
  if (end === start) return undefined;
  const next = text.charCodeAt(end);
  if (end < text.length && !isSpace(next) && next !== 0x3e && next !== 0x2f) return undefined;
  return text.slice(start, end).toLowerCase();
}

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

export function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}
