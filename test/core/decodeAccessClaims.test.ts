import { describe, expect, it } from 'vitest';
import { accessFromToken, decodeAccessClaims } from '../../src/core/decodeAccessClaims';
import { createTestAccessToken } from '../../src/testing/createTestAccessToken';

const token = createTestAccessToken({ orgCode: 'org_acme', permissions: ['org:write:billing'] });

describe('decodeAccessClaims', () => {
  it('reads iss, org_code and permissions', () => {
    expect(decodeAccessClaims(token)).toMatchObject({ orgCode: 'org_acme', permissions: ['org:write:billing'] });
    expect(decodeAccessClaims(token)?.iss).toMatch(/^https:\/\//);
  });

  it.each([
    ['no signature segment', token.split('.').slice(0, 2).join('.')],
    ['not base64', 'a.!!!.c'],
    ['a payload that is not an object', `a.${btoa('5')}.c`],
    ['empty', ''],
  ])('is null for a token with %s', (_name, value) => {
    expect(decodeAccessClaims(value)).toBeNull();
  });

  it('drops permissions that are not strings, and an org code that is not one', () => {
    const odd = createTestAccessToken({ orgCode: 7 as never, permissions: ['a', 7 as never, null as never] });
    expect(decodeAccessClaims(odd)).toMatchObject({ orgCode: null, permissions: ['a'] });
    expect(accessFromToken(odd)).toEqual({ status: 'ready', orgCode: null, permissions: ['a'] });
  });

  it('an unreadable token describes a signed-in user with no permissions', () => {
    expect(accessFromToken('garbage')).toEqual({ status: 'ready', orgCode: null, permissions: [] });
  });
});
