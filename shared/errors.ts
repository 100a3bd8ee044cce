/** Base class of the pipeline's errors: each names what failed and carries the ids to act on. */
export class EpmError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EpmError';
  }
}

/** A storage or object-store call failed; the message is retried and may end in the DLQ. */
export class InfrastructureError extends EpmError {
  readonly operation: string;

  constructor(operation: string, options?: { cause?: unknown }) {
    const cause = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`${operation} failed${cause}`, options);
    this.name = 'InfrastructureError';
    this.operation = operation;
  }
}

/** A queue message that is not an S3 notification. */
export class InvalidMessageError extends EpmError {
  readonly messageId: string;

  constructor(messageId: string, detail: string) {
    super(`Message ${messageId} is not an S3 event notification: ${detail}`);
    this.name = 'InvalidMessageError';
    this.messageId = messageId;
  }
}

/** The environment lacks a setting a function needs. */
export class ConfigError extends EpmError {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A request names something that does not exist (project, report version, PDF). */
export class NotFoundError extends EpmError {
  readonly resource: string;

  constructor(resource: string) {
    super(`${resource} not found`);
    this.name = 'NotFoundError';
    this.resource = resource;
  }
}

/** A request's parameters or body are invalid; the message says which and why. */
export class BadRequestError extends EpmError {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/** A request's body is larger than the API takes. */
export class PayloadTooLargeError extends EpmError {
  constructor(bytes: number, limit: number) {
    super(`body: ${bytes} bytes; the limit is ${limit} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

/**
 * An answer would be larger than the API gives in one response (an export of too many rows);
 * the message says how much, the limit, and how to narrow the request.
 */
export class ResultTooLargeError extends EpmError {
  readonly statusCode = 422;

  constructor(what: string, size: string, limit: string, narrow: string) {
    super(`${what}: ${size}; the limit is ${limit}. ${narrow}`);
    this.name = 'ResultTooLargeError';
  }
}

/** A request's method is not one its path answers; `allow` lists those it does. */
export class MethodNotAllowedError extends EpmError {
  readonly allow: string[];

  constructor(method: string, path: string, allow: string[]) {
    super(`${method} ${path}: not allowed; use ${allow.join(' or ')}`);
    this.name = 'MethodNotAllowedError';
    this.allow = allow;
  }
}

/** A request lacks the token the local server is configured with. */
export class UnauthorizedError extends EpmError {
  constructor() {
    super('Missing or wrong access token');
    this.name = 'UnauthorizedError';
  }
}

/** A table stream record the render function cannot use: malformed, or a report without data. */
export class InvalidStreamRecordError extends EpmError {
  /** The stream event id, or the report's sha256 once the record is read. */
  readonly recordId: string;

  constructor(recordId: string, detail: string) {
    super(`Stream record ${recordId} cannot be rendered: ${detail}`);
    this.name = 'InvalidStreamRecordError';
    this.recordId = recordId;
  }
}
