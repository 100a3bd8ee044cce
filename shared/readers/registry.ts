import type { DocumentFormat, ReadFailure } from './reader.ts';

/** What the bytes of an upload are, told from their signature, never from the file name. */
export type Detection =
  | { readable: true; format: DocumentFormat }
  | { readable: false; error: ReadFailure };

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  return signature.every((byte, i) => bytes[at + i] === byte);
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

function utf16le(text: string): number[] {
  return [...text].flatMap((c) => [c.charCodeAt(0), 0]);
}

function indexOfBytes(bytes: Uint8Array, needle: readonly number[], limit = bytes.length): number {
  const first = needle[0];
  const end = Math.min(limit, bytes.length) - needle.length;
  for (
    let i = bytes.indexOf(first ?? 0);
    i >= 0 && i <= end;
    i = bytes.indexOf(first ?? 0, i + 1)
  ) {
    if (startsWith(bytes, needle, i)) return i;
  }
  return -1;
}

function contains(bytes: Uint8Array, text: string, limit?: number): boolean {
  return indexOfBytes(bytes, ascii(text), limit) >= 0;
}

function refuse(found: string, instead: string): Detection {
  return {
    readable: false,
    error: {
      id: 'unsupported-format',
      message: `Document is ${found}, which is not read; ${instead}`,
    },
  };
}

const AS_PDF_OR_DOCX = 'save it as PDF or DOCX (or ODT) and upload that.';
const AS_XLSX = 'save it as XLSX (or ODS) and upload that.';

/** OpenDocument's first entry, `mimetype`, stored uncompressed at a fixed offset. */
function openDocumentType(bytes: Uint8Array): string | undefined {
  if (!startsWith(bytes, ascii('mimetype'), 30)) return undefined;
  // The local header's compressed size: the entry is stored, so it is the type's length.
  const size = (bytes[18] ?? 0) | ((bytes[19] ?? 0) << 8);
  const end = Math.min(bytes.length, 38 + Math.min(size, 80));
  let type = '';
  for (let i = 38; i < end; i++) type += String.fromCharCode(bytes[i] ?? 0);
  return type.startsWith('application/vnd.oasis.opendocument.') ? type : undefined;
}

function detectZip(bytes: Uint8Array): Detection {
  const odf = openDocumentType(bytes);
  if (odf) {
    const kind = odf.slice('application/vnd.oasis.opendocument.'.length);
    if (kind === 'text') return { readable: true, format: 'odt' };
    if (kind === 'spreadsheet') return { readable: true, format: 'ods' };
    return refuse(`an OpenDocument ${kind} file`, AS_PDF_OR_DOCX);
  }
  // Entry names stand uncompressed in the local headers and the central directory.
  if (contains(bytes, 'word/document.xml')) return { readable: true, format: 'docx' };
  if (contains(bytes, 'xl/workbook.xml')) return { readable: true, format: 'xlsx' };
  if (contains(bytes, 'ppt/presentation.xml'))
    return refuse('a PowerPoint presentation (PPTX)', AS_PDF_OR_DOCX);
  return refuse(
    'a ZIP archive',
    'upload each report inside it on its own, as PDF, DOCX, XLSX or text.',
  );
}

/** An OLE compound file: legacy Office binaries, or an Office document encrypted with a password. */
function detectCompound(bytes: Uint8Array): Detection {
  if (indexOfBytes(bytes, utf16le('EncryptedPackage')) >= 0) {
    return {
      readable: false,
      error: {
        id: 'document-encrypted',
        message:
          'Document is an Office file protected by a password to open it; remove the password (or export it as PDF) and upload it again.',
      },
    };
  }
  if (indexOfBytes(bytes, utf16le('WordDocument')) >= 0)
    return refuse('a legacy Word document (.doc)', 'save it as DOCX or PDF and upload that.');
  if (indexOfBytes(bytes, utf16le('Workbook')) >= 0 || indexOfBytes(bytes, utf16le('Book')) >= 0)
    return refuse('a legacy Excel workbook (.xls)', AS_XLSX);
  if (indexOfBytes(bytes, utf16le('PowerPoint Document')) >= 0)
    return refuse('a legacy PowerPoint presentation (.ppt)', AS_PDF_OR_DOCX);
  return refuse('a legacy Office file (OLE compound document)', AS_PDF_OR_DOCX);
}

const IMAGE =
  'upload the report itself as PDF (a scanned report as a PDF of its pages), DOCX or text.';

const BINARY_SIGNATURES: ReadonlyArray<{
  bytes: number[];
  at?: number;
  found: string;
  instead: string;
}> = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], found: 'a PNG image', instead: IMAGE },
  { bytes: [0xff, 0xd8, 0xff], found: 'a JPEG image', instead: IMAGE },
  { bytes: ascii('GIF8'), found: 'a GIF image', instead: IMAGE },
  { bytes: [0x49, 0x49, 0x2a, 0x00], found: 'a TIFF image', instead: IMAGE },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], found: 'a TIFF image', instead: IMAGE },
  { bytes: ascii('WEBP'), at: 8, found: 'a WebP image', instead: IMAGE },
  { bytes: ascii('{\\rtf'), found: 'an RTF document', instead: AS_PDF_OR_DOCX },
  { bytes: [0x1f, 0x8b], found: 'a gzip archive', instead: 'upload the report inside it.' },
  {
    bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
    found: 'a 7-Zip archive',
    instead: 'upload the report inside it.',
  },
  { bytes: ascii('Rar!'), found: 'a RAR archive', instead: 'upload the report inside it.' },
];

/**
 * Tells the format of an upload from its bytes: PDF, DOCX, XLSX, ODT, ODS, HTML or text; or why
 * it is refused (legacy Office, RTF, images, archives, password-protected Office files).
 */
export function detectFormat(bytes: Uint8Array, isHtml: (bytes: Uint8Array) => boolean): Detection {
  // A PDF may carry a few bytes of junk before its header; readers accept the first kilobyte.
  if (contains(bytes, '%PDF-', 1024)) return { readable: true, format: 'pdf' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return detectZip(bytes);
  // An empty ZIP is only its end record; a spanned one starts with the split marker.
  if (startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]) || startsWith(bytes, [0x50, 0x4b, 0x07, 0x08]))
    return refuse(
      'a ZIP archive',
      'upload each report inside it on its own, as PDF, DOCX, XLSX or text.',
    );
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return detectCompound(bytes);
  for (const signature of BINARY_SIGNATURES) {
    if (startsWith(bytes, signature.bytes, signature.at ?? 0))
      return refuse(signature.found, signature.instead);
  }
  // BMP: its reserved header bytes are zero, which no text starting with 'BM' has.
  if (startsWith(bytes, ascii('BM')) && startsWith(bytes, [0, 0, 0, 0], 6))
    return refuse('a BMP image', IMAGE);
  if (isHtml(bytes)) return { readable: true, format: 'html' };
  return { readable: true, format: 'text' };
}

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  text: 'text/plain; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  html: 'text/html',
};

/** The media type of an upload, told from its bytes like its format; unknown bytes are binary. */
export function contentTypeOf(bytes: Uint8Array, isHtml: (bytes: Uint8Array) => boolean): string {
  const detected = detectFormat(bytes, isHtml);
  if (!detected.readable) return 'application/octet-stream';
  // Text of another encoding than UTF-8 is labelled without a charset, so nothing decodes it wrongly.
  if (detected.format === 'text') return 'text/plain';
  return CONTENT_TYPES[detected.format];
}
