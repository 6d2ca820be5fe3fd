// Internal: not part of the /server entry.

/** How deep a `cause` chain is searched before it is dropped as too deep to vouch for. */
const MAX_DEPTH = 8;

function textsOf(value: unknown): string[] {
  if (value instanceof Error) {
    const texts = [value.name, value.message, value.stack ?? ''];
    // AggregateError (e.g. undici's "fetch failed" over several addresses) nests more errors.
    if (value instanceof AggregateError) for (const inner of value.errors) texts.push(...textsOf(inner));
    return texts;
  }
  try {
    return [String(value), JSON.stringify(value) ?? ''];
  } catch {
    return [String(value)];
  }
}

/**
 * Returns `cause` for an error we are about to throw, or `undefined` when any error in
 * its `cause` chain mentions one of `secrets`. A custom `fetch` may well put the request
 * body (which holds the client secret) or a header into its own error message, and a
 * cause is printed by every logger; dropping it costs a little debugging context.
 */
export function scrubCause(cause: unknown, secrets: readonly string[]): unknown {
  const needles = secrets.filter((s) => s.length > 0);
  let current: unknown = cause;
  for (let depth = 0; current !== undefined && current !== null; depth += 1) {
    if (depth >= MAX_DEPTH) return undefined;
    const texts = textsOf(current);
    if (needles.some((secret) => texts.some((text) => text.includes(secret)))) return undefined;
    current = current instanceof Error ? current.cause : undefined;
  }
  return cause;
}
