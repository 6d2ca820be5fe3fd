import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PortalProvider, SelfServePortalButton } from '../../src';
import { resolveReturnUrl } from '../../src/core/resolveReturnUrl';
import { requests } from '../setup/mswServer';
import { TOKEN } from './renderPortal';

// An accepted return URL reaches Kinde exactly: the button is clicked, and the
// `return_url` the Account API receives (as msw recorded it) is the string the app
// gave, byte for byte, or for a path its resolved href. Nothing is re-encoded,
// normalised, duplicated or dropped on the way.

const here = () => window.location;

// Characters a real return URL carries: every Unicode letter, reserved and
// percent-encoded punctuation, `+` (which form encoding confuses with a space)
// and `&`/`=`/`#` (which a careless query builder splits on).
const text = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('a', 'Z', '0', '-', '.', '_', '~', '/', '?', '#', '&', '=', '+', ';', ',', ':', '@', '!', '$', "'", '(', ')', '*', '%', '%20', '%2F', '%2B', '%26', '%23', '%25', '%E2%9C%93') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 24,
});

const returnUrl = fc.oneof(
  fc
    .tuple(fc.constantFrom('', 'HTTP://LOCALHOST:3000', 'http://LocalHost:3000', 'Http://localhost:3000'), text, fc.option(text), fc.option(text))
    .map(([origin, path, query, fragment]) => `${origin || here().origin}/${path}${query === null ? '' : `?${query}`}${fragment === null ? '' : `#${fragment}`}`),
  text.map((path) => `/${path}`),
);

function accepted(input: string): string | null {
  try {
    return resolveReturnUrl(input, { base: here().href, allowedOrigins: [here().origin] });
  } catch {
    return null;
  }
}

describe('return URL round trip', () => {
  it('an accepted returnUrl reaches the Account API byte for byte (a path as its resolved href)', async () => {
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(returnUrl, async (given) => {
        const sent = accepted(given);
        fc.pre(sent !== null);
        tried += 1;
        requests.length = 0;
        let navigated!: () => void;
        const done = new Promise<void>((resolve) => (navigated = resolve));
        render(
          <PortalProvider getAccessToken={async () => TOKEN} navigate={() => navigated()}>
            <SelfServePortalButton returnUrl={given}>Profile</SelfServePortalButton>
          </PortalProvider>,
        );
        try {
          fireEvent.click(screen.getByRole('button', { name: 'Profile' }));
          await done;
          expect(requests).toHaveLength(1);
          const query = new URL(requests[0]!.url).searchParams;
          expect(query.getAll('return_url')).toEqual([given.startsWith('/') ? new URL(given, here().href).href : given]);
          expect(query.getAll('subnav')).toEqual(['profile']);
        } finally {
          cleanup();
        }
      }),
      { numRuns: 200 },
    );
    expect(tried).toBe(200);
  }, 20_000);
});
