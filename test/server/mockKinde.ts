import { http, HttpResponse, type HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { isPortalError, type PortalError } from '../../src/core/PortalError';

// A fake Kinde for the unit tests: the default handlers are the happy path, and each
// test adds its failure or delay with server.use().

export const DOMAIN = 'https://acme.kinde.test';
export const TOKEN_URL = `${DOMAIN}/oauth2/token`;
export const GENERATE_URL = `${DOMAIN}/api/v1/portal/generate_url`;
export const CLIENT_ID = 'backend-app';
// Characters that change under form encoding, so an encoded copy would be noticed too.
export const CLIENT_SECRET = 'S3cr3t+/=&value-never-shown';

/** What the fake Kinde saw. */
export const seen = {
  tokenRequests: [] as { contentType: string | null; form: URLSearchParams }[],
  linkRequests: [] as { authorization: string | null; contentType: string | null; body: Record<string, unknown> }[],
  /** Every access token handed out, so tests can check none leaks. */
  issued: [] as string[],
  /** Tokens generate_url still accepts; tests revoke them to force a 401. */
  valid: new Set<string>(),
  minted: 0,
};

export function resetSeen(): void {
  seen.tokenRequests.length = 0;
  seen.linkRequests.length = 0;
  seen.issued.length = 0;
  seen.valid.clear();
  seen.minted = 0;
}

export function issueToken(): string {
  const token = `m2m-token-${seen.issued.length + 1}-${Math.random().toString(36).slice(2)}`;
  seen.issued.push(token);
  seen.valid.add(token);
  return token;
}

/** Token endpoint: records the request, then answers with `answer` (default: a fresh 1-hour token). */
export function tokenEndpoint(answer?: (form: URLSearchParams) => Response | Promise<Response>): HttpHandler {
  return http.post(TOKEN_URL, async ({ request }) => {
    const form = new URLSearchParams(await request.text());
    seen.tokenRequests.push({ contentType: request.headers.get('content-type'), form });
    if (answer) return answer(form);
    if (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) {
      return HttpResponse.json({ error: 'invalid_client', error_description: 'Client authentication failed' }, { status: 401 });
    }
    return HttpResponse.json({ access_token: issueToken(), expires_in: 3600, token_type: 'bearer' });
  });
}

/** generate_url: records the request, then answers with `answer` (default: 401 for unknown tokens, else a link). */
export function linkEndpoint(answer?: (request: Request) => Response | Promise<Response>): HttpHandler {
  return http.post(GENERATE_URL, async ({ request }) => {
    const text = await request.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // recorded as {}
    }
    seen.linkRequests.push({
      authorization: request.headers.get('authorization'),
      contentType: request.headers.get('content-type'),
      body,
    });
    if (answer) return answer(request);
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    if (!seen.valid.has(token)) return HttpResponse.json({ errors: [{ code: 'UNAUTHORIZED' }] }, { status: 401 });
    seen.minted += 1;
    return HttpResponse.json({ url: `${DOMAIN}/portal/enter?key=one-time-${seen.minted}` });
  });
}

export const server = setupServer(tokenEndpoint(), linkEndpoint());

/** A promise with its resolve exposed, to hold a mocked answer until the test releases it. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Every string a logger could print for `error`, down its `cause` chain. */
export function printable(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth += 1) {
    parts.push(String(current));
    if (current instanceof Error) parts.push(current.message, current.stack ?? '');
    try {
      parts.push(JSON.stringify(current, Object.getOwnPropertyNames(current)));
    } catch {
      // circular: String() above has to do
    }
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

/** Fails if the client secret, in any spelling, or any issued token is in `text`. */
export function expectNoSecrets(text: string, extra: readonly string[] = []): void {
  const needles = [CLIENT_SECRET, encodeURIComponent(CLIENT_SECRET), 'S3cr3t', ...seen.issued, ...extra];
  for (const needle of needles) expect(text, `leaked ${needle.slice(0, 6)}…`).not.toContain(needle);
}

/** Settles `promise` and returns its rejection; fails the test if it fulfils. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise fulfilled');
}

/** The rejection of `promise`, checked to be a PortalError that leaks no secret or token down its cause chain. */
export async function portalError(promise: Promise<unknown>): Promise<PortalError> {
  const error = await rejectionOf(promise);
  expect(isPortalError(error), `not a PortalError: ${String(error)}`).toBe(true);
  expectNoSecrets(printable(error));
  return error as PortalError;
}

/** Registers the mock Kinde server for the calling test file: strict, reset between tests. */
export function useMockKinde(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(resetSeen);
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
}
