/**
 * A value made on its first use and kept: the patterns that only some documents need are not
 * built while the parsers load, which a Lambda's cold start waits for.
 */
export function onFirstUse<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
