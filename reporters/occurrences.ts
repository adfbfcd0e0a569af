/**
 * Numbers each key by how often it has been seen so far (1, 2, …). Reporters use it so that two results
 * about the same resource, should a check ever emit them, still get distinct fingerprints and test names.
 */
export function occurrenceCounter(): (key: string) => number {
  const seen = new Map<string, number>();
  return (key) => {
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return occurrence;
  };
}
