// Shared character and origin checks for the two URL guards.

// Whitespace (including Unicode spaces), C0/C1 controls and backslashes: browsers
// strip or reinterpret these, so a URL containing them may not mean what it reads.
const UNSAFE_CHARS = /[\s\u0000-\u001f\u007f-\u009f\\]/;

// A lone UTF-16 surrogate has no UTF-8 form: such a string can't be sent as given.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasUnsafeChars(value: string): boolean {
  return UNSAFE_CHARS.test(value) || LONE_SURROGATE.test(value);
}

/** Normalises origins given by the app; entries that aren't http(s) origins are dropped. */
export function normalizeOrigins(origins: readonly (string | URL)[]): Set<string> {
  const result = new Set<string>();
  for (const origin of origins) {
    try {
      const url = new URL(String(origin));
      if (url.protocol === 'https:' || url.protocol === 'http:') result.add(url.origin);
    } catch {
      // An unparsable entry allows nothing rather than throwing at click time.
    }
  }
  return result;
}

/**
 * True when the text before the path is exactly the canonical origin. This rejects
 * user-info (`https://app@evil`), percent-encoded or Unicode hosts, explicit default
 * ports and every other spelling where two URL parsers could disagree on the host.
 */
export function startsWithCanonicalOrigin(raw: string, url: URL): boolean {
  const origin = url.origin;
  if (raw.length < origin.length || raw.slice(0, origin.length).toLowerCase() !== origin) return false;
  const next = raw.charAt(origin.length);
  return next === '' || next === '/' || next === '?' || next === '#';
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
