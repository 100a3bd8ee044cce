declare module 's3rver' {
  import type { EventEmitter } from 'node:events';
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    address?: string;
    port?: number;
    directory: string;
    silent?: boolean;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    configureBuckets?: Array<{ name: string; configs?: Array<string | Buffer> }>;
  }

  export default class S3rver extends EventEmitter {
    constructor(options: S3rverOptions);
    httpServer: import('node:http').Server;
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    use(middleware: (ctx: S3rverContext, next: () => Promise<void>) => Promise<void>): this;
  }

  interface S3rverContext {
    method: string;
    path: string;
    status: number;
    body: unknown;
  }
}
