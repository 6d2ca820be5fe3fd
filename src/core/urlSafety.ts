// Shared checks for the two URL guards (return URLs and portal links).

// Whitespace (including Unicode spaces), C0/C1 controls, backslashes, and lone UTF-16
// surrogates (no UTF-8 form): browsers strip, reinterpret or can't send these, so a
// URL containing them may not mean what it reads.
const UNSAFE = /[\s\u0000-\u001f\u007f-\u009f\\]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasUnsafeChars(value: string): boolean {
  return UNSAFE.test(value);
}

/**
 * Parses an absolute http(s) URL whose text before the path is exactly its canonical
 * origin. That rejects user-info (`https://app@evil`), percent-encoded or Unicode
 * hosts, explicit default ports and every other spelling where two URL parsers could
 * disagree on the host. Undefined for anything else.
 */
export function parseCanonicalUrl(raw: string): URL | undefined {
  if (!/^https?:\/\//i.test(raw) || hasUnsafeChars(raw)) return undefined;
  try {
    const url = new URL(raw);
    const { origin } = url;
    if (raw.slice(0, origin.length).toLowerCase() === origin && /^[/?#]?$/.test(raw.charAt(origin.length))) return url;
  } catch {
    // Unparsable: rejected below.
  }
  return undefined;
}

/** True when `url` lies on one of `origins`; entries that don't parse allow nothing. */
export function isAllowedOrigin(url: URL, origins: readonly (string | URL)[]): boolean {
  return origins.some((origin) => {
    try {
      return new URL(String(origin)).origin === url.origin;
    } catch {
      return false;
    }
  });
}
