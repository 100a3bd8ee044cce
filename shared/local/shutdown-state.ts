let stopping = false;

/** Marks the process as ending: a signal or the wrapper's death has begun stopping its services. */
export function beginShutdown(): void {
  stopping = true;
}

/**
 * True once the process has begun shutting down: what fails after that failed because its
 * services were stopped, and the signal's exit code is the answer, not the failure's.
 */
export function shuttingDown(): boolean {
  return stopping;
}
