import yauzl from 'yauzl';
import type { ReadFailure, ReadLimits } from './reader.ts';

export type UnzipResult =
  | { success: true; data: Map<string, Uint8Array> }
  | { success: false; error: ReadFailure };

function fromBuffer(bytes: Uint8Array): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    );
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, max: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // yauzl stops an entry that lies about its size; this stops one past the caller's budget.
        if (size > max)
          stream.destroy(new Error(`entry ${entry.fileName} inflates past ${max} bytes`));
        else chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    });
  });
}

/**
 * The entries of a ZIP container (DOCX, XLSX, ODT, ODS) that `wanted` names, inflated only after
 * the container's declared sizes pass the limits: entry count, total uncompressed size and
 * compression ratio. A damaged container or one past a limit gives a failure, never a throw.
 */
export async function unzipChecked(
  bytes: Uint8Array,
  limits: ReadLimits,
  wanted: (name: string) => boolean = () => true,
  format = 'ZIP container',
): Promise<UnzipResult> {
  let zip: yauzl.ZipFile;
  try {
    zip = await fromBuffer(bytes);
  } catch (error) {
    return unreadable(format, error);
  }
  if (zip.entryCount > limits.maxZipEntries) {
    zip.close();
    return limitFailure(
      `The ${format} holds ${zip.entryCount} entries; the limit is ${limits.maxZipEntries}.`,
    );
  }
  const files = new Map<string, Uint8Array>();
  let declared = 0;
  try {
    const entries: yauzl.Entry[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.push(entry);
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
    for (const entry of entries) {
      declared += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (entry.uncompressedSize > 1_000_000 && ratio > limits.maxCompressionRatio) {
        return limitFailure(
          `The ${format}'s entry ${entry.fileName} inflates ${Math.round(ratio)} times (${entry.uncompressedSize} bytes); the limit is ${limits.maxCompressionRatio} times: it looks like a ZIP bomb.`,
        );
      }
    }
    if (declared > limits.maxUnzippedBytes) {
      return limitFailure(
        `The ${format} inflates to ${declared} bytes; the limit is ${limits.maxUnzippedBytes} bytes.`,
      );
    }
    let budget = limits.maxUnzippedBytes;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/') || !wanted(entry.fileName)) continue;
      const data = await readEntry(zip, entry, Math.min(budget, entry.uncompressedSize));
      budget -= data.length;
      files.set(entry.fileName, data);
    }
  } catch (error) {
    return unreadable(format, error);
  } finally {
    zip.close();
  }
  return { success: true, data: files };
}

function limitFailure(message: string): UnzipResult {
  return { success: false, error: { id: 'document-limit', message } };
}

function unreadable(format: string, error: unknown): UnzipResult {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    success: false,
    error: {
      id: 'document-unreadable',
      message: `The ${format} is damaged and cannot be opened (${reason}); save it again from the program that made it.`,
    },
  };
}
