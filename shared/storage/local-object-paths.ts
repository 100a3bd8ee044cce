import { readdir, rmdir, unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Longest folder or file name the local S3 emulator writes for a key segment, in UTF-8 bytes:
 * with its marker and the emulator's longest suffix (`._S3rver_metadata.json`) within 255.
 */
export const MAX_PATH_SEGMENT_BYTES = 200;

const LITERAL = '&';
const CONTINUED = '&+';

/** Splits a segment into pieces of at most `MAX_PATH_SEGMENT_BYTES`, never inside a character. */
function pieces(segment: string): string[] {
  const out: string[] = [];
  let piece = '';
  let bytes = 0;
  for (const char of segment) {
    const size = Buffer.byteLength(char);
    if (bytes + size > MAX_PATH_SEGMENT_BYTES) {
      out.push(piece);
      piece = '';
      bytes = 0;
    }
    piece += char;
    bytes += size;
  }
  out.push(piece);
  return out;
}

/** A name the file system takes as it is: `.`, `..` and (but for the last) `` are marked. */
function literal(name: string, last: boolean): string {
  const special =
    name === '.' ||
    name === '..' ||
    (name === '' && !last) ||
    name.endsWith(LITERAL) ||
    name.endsWith(CONTINUED);
  return special ? `${name}${LITERAL}` : name;
}

/**
 * The relative path the local S3 emulator keeps an object key under. No segment of it is `.`,
 * `..` or empty and none is longer than a file name may be, so every key stays in its bucket's
 * folder under a path of its own; `keyOfObjectPath` gives the key back. A segment that is `.`,
 * `..`, empty or ends in `&` or `&+` gets a `&` appended; a long one is cut into pieces, each but
 * the last ending in `&+`. Marks are suffixes, so a key's prefix maps to its path's prefix, as
 * listings by prefix need (but for a prefix ending in `&` or inside such a segment).
 */
export function objectPathOf(key: string): string {
  const segments = key.split('/');
  return segments
    .flatMap((segment, i) => {
      const parts = pieces(segment);
      return parts.map((piece, j) =>
        j < parts.length - 1 ? `${piece}${CONTINUED}` : literal(piece, i === segments.length - 1),
      );
    })
    .join('/');
}

/** The object key of a path `objectPathOf` made. */
export function keyOfObjectPath(path: string): string {
  let key = '';
  for (const name of path.split('/')) {
    if (name.endsWith(LITERAL)) key += `${name.slice(0, -LITERAL.length)}/`;
    else if (name.endsWith(CONTINUED)) key += name.slice(0, -CONTINUED.length);
    else key += `${name}/`;
  }
  return key.slice(0, -1);
}

interface FilesystemStoreClass {
  encodeKeyPath(key: string): string;
  decodeKeyPath(path: string): string;
  prototype: {
    getBucketPath(bucket: string): string;
    getResourcePath(bucket: string, key: string, resource: string): string;
    deleteObject(bucket: string, key: string): Promise<void>;
  };
}

let confined = false;

/**
 * Makes the local S3 emulator (s3rver) keep each object under `objectPathOf(key)`: as it comes,
 * it joins a key's segments into a file path, so `a/../../x` is written outside its folder and
 * `a/./x` and `a//x` land on `a/x`. Keys keep their meaning through the S3 API; only the files
 * differ. For this process, once; AWS is not concerned.
 */
export function confineEmulatorKeys(): void {
  if (confined) return;
  confined = true;
  const require = createRequire(import.meta.url);
  const Store = require('s3rver/lib/stores/filesystem.js') as FilesystemStoreClass;
  Store.encodeKeyPath = objectPathOf;
  Store.decodeKeyPath = keyOfObjectPath;
  // Its own version walks the key's segments as folders when it removes empty ones.
  Store.prototype.deleteObject = async function deleteObject(bucket, key) {
    for (const resource of ['object', 'object.md5', 'metadata.json']) {
      await unlink(this.getResourcePath(bucket, key, resource)).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      });
    }
    const bucketPath = this.getBucketPath(bucket);
    const folders = objectPathOf(key).split('/').slice(0, -1);
    while (folders.length > 0) {
      const folder = join(bucketPath, ...folders);
      const entries = await readdir(folder).catch(() => ['?']);
      if (entries.length > 0) break;
      await rmdir(folder);
      folders.pop();
    }
  };
}
