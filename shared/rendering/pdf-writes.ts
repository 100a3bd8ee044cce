/**
 * Batched writes for one pdfkit document, applied per instance (node_modules stays untouched).
 *
 * pdfkit turns every string it writes into its own Uint8Array, a byte at a time: each content
 * operator (`BT`, `1 0 0 1 72 90 Tm`, `EMC`…) of a page, and each line of each object of the
 * file. A report makes tens of thousands of them, so most of the cost is small allocations and
 * the garbage collection after them. The patches below copy those strings into a few large
 * byte chunks instead (`ByteSink`). The bytes come out the same: pdfkit writes
 * `string + '\n'`, keeping the low byte of each character, and so does `ByteSink.line`.
 *
 * They rely on pdfkit 0.20 internals: `PDFReference.write/finalize` (`buffer`, `data.Length`,
 * `uncompressedLength`, `compress`), `PDFPage.content` and `PDFDocument._write/_offset`. If one is
 * missing the patch is skipped and pdfkit writes as before, only slower.
 */

/** The part of pdfkit's `PDFReference` (an indirect object, here a stream) that is patched. */
interface StreamRef {
  buffer: Uint8Array[];
  compress: boolean;
  uncompressedLength: number;
  data: { Length?: number; Filter?: string };
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

/** The part of pdfkit's document that is patched. */
interface DocumentInternals {
  page?: { content?: StreamRef };
  _offset: number;
  _write(data: string | Uint8Array): void;
}

/** Size of the chunks bytes are gathered in: a page's content takes one to three. */
const CHUNK_BYTES = 16 * 1024;

const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * Bytes written as text or as bytes, gathered in large chunks that are handed to `out` (in
 * order) when full or when `flush` is called. Text is written as pdfkit writes it: the low byte
 * of each UTF-16 code unit, which for the ASCII and Latin-1 of PDF syntax is the character.
 */
export class ByteSink {
  /** Bytes written so far. */
  size = 0;
  // Not zeroed: only the bytes written are ever handed out.
  private chunk: Uint8Array = Buffer.allocUnsafe(CHUNK_BYTES);
  /** Start of the bytes of `chunk` not yet handed out, and end of the written ones. */
  private start = 0;
  private end = 0;
  private readonly out: Uint8Array[];

  constructor(out: Uint8Array[]) {
    this.out = out;
  }

  /** Makes room for `n` more bytes in the current chunk. */
  private reserve(n: number): void {
    if (this.end + n <= this.chunk.length) return;
    this.flush();
    this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, n));
    this.start = 0;
    this.end = 0;
  }

  text(text: string): void {
    const n = text.length;
    this.reserve(n);
    const chunk = this.chunk;
    let end = this.end;
    // A Uint8Array keeps the low 8 bits of what is stored, as pdfkit's `charCodeAt(i) & 0xff`.
    for (let i = 0; i < n; i++) chunk[end++] = text.charCodeAt(i);
    this.end = end;
    this.size += n;
  }

  /** `text` and a line feed: what pdfkit writes for each string. */
  line(text: string): void {
    this.text(text);
    this.byte(10);
  }

  byte(value: number): void {
    this.reserve(1);
    this.chunk[this.end++] = value;
    this.size += 1;
  }

  /** A number as pdfkit writes it, rounded to 6 decimals (`PDFObject.number`). */
  number(n: number): void {
    if (!(n > -1e21 && n < 1e21)) throw new Error(`unsupported number: ${n}`);
    const rounded = Math.round(n * 1e6) / 1e6;
    // Small integers, most of the coordinates and sizes, without a string in between (-0 too:
    // it prints as "0" either way).
    if (Number.isInteger(rounded) && rounded >= 0 && rounded < 10_000) {
      this.reserve(4);
      if (rounded >= 1000) this.chunk[this.end++] = 48 + Math.floor(rounded / 1000);
      if (rounded >= 100) this.chunk[this.end++] = 48 + (Math.floor(rounded / 100) % 10);
      if (rounded >= 10) this.chunk[this.end++] = 48 + (Math.floor(rounded / 10) % 10);
      this.chunk[this.end++] = 48 + (rounded % 10);
      this.size += rounded >= 1000 ? 4 : rounded >= 100 ? 3 : rounded >= 10 ? 2 : 1;
      return;
    }
    this.text(`${rounded}`);
  }

  /** A glyph id as four lowercase hex digits, as pdfkit's `EmbeddedFont.encode` writes it. */
  hex4(value: number): void {
    this.reserve(4);
    const chunk = this.chunk;
    chunk[this.end++] = HEX_DIGITS[(value >> 12) & 15] as number;
    chunk[this.end++] = HEX_DIGITS[(value >> 8) & 15] as number;
    chunk[this.end++] = HEX_DIGITS[(value >> 4) & 15] as number;
    chunk[this.end++] = HEX_DIGITS[value & 15] as number;
    this.size += 4;
  }

  /** Hands out the bytes written since the last flush. */
  flush(): void {
    if (this.end === this.start) return;
    this.out.push(this.chunk.subarray(this.start, this.end));
    this.start = this.end;
  }
}

/** The byte sink of each patched page content stream. */
const sinks = new WeakMap<StreamRef, ByteSink>();

/**
 * Makes a stream object gather its string writes in a `ByteSink`, handed to pdfkit's buffer
 * when the stream is finalized or before bytes written to it directly. Its `Length` and filter
 * are pdfkit's bookkeeping, redone as the bytes are handed over.
 */
function batchStreamWrites(ref: StreamRef): void {
  if (typeof ref.write !== 'function' || typeof ref.finalize !== 'function') return;
  const writeBytes = ref.write.bind(ref);
  const finalize = ref.finalize.bind(ref);
  const sink = new ByteSink(ref.buffer);
  let counted = 0;
  const handOver = () => {
    sink.flush();
    const added = sink.size - counted;
    counted = sink.size;
    ref.uncompressedLength += added;
    ref.data.Length = (ref.data.Length ?? 0) + added;
    if (ref.compress && added > 0) ref.data.Filter = 'FlateDecode';
  };
  ref.write = (chunk) => {
    if (typeof chunk === 'string') {
      sink.line(chunk);
      return;
    }
    handOver();
    writeBytes(chunk);
  };
  ref.finalize = () => {
    handOver();
    finalize();
  };
  sinks.set(ref, sink);
}

/** Batches the content-stream writes of every page the document adds from now on. */
export function batchPageContent(doc: PDFKit.PDFDocument): void {
  const internals = doc as unknown as DocumentInternals;
  doc.on('pageAdded', () => {
    const content = internals.page?.content;
    if (content && Array.isArray(content.buffer)) batchStreamWrites(content);
  });
}

/**
 * The byte sink of the current page's content stream, for content written as bytes directly
 * (text-ops.ts); undefined if the page was not patched. Bytes written there land in the stream
 * in order with pdfkit's own writes.
 */
export function pageContentSink(doc: PDFKit.PDFDocument): ByteSink | undefined {
  const content = (doc as unknown as DocumentInternals).page?.content;
  return content ? sinks.get(content) : undefined;
}

/**
 * Collects the document's bytes: the file body is gathered in a `ByteSink` instead of being
 * pushed through the stream line by line. Only the header, written by pdfkit's constructor
 * before the patch, and the end of the file go through the stream.
 */
export function collectDocument(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const internals = doc as unknown as DocumentInternals;
  const head: Uint8Array[] = [];
  const body: Uint8Array[] = [];
  const sink = new ByteSink(body);
  if (typeof internals._write === 'function' && typeof internals._offset === 'number') {
    internals._write = (data) => {
      if (typeof data === 'string') {
        sink.line(data);
        internals._offset += data.length + 1;
      } else {
        sink.flush();
        body.push(data);
        internals._offset += data.length;
      }
    };
  }
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => head.push(chunk));
    doc.on('end', () => {
      sink.flush();
      resolve(Buffer.concat([...head, ...body]));
    });
    doc.on('error', reject);
  });
}
