import { describe, expect, it } from 'vitest';
import { DEFAULT_SECTION_PERMISSIONS, hasPermission, matchesRule } from '../../src/core/PermissionRule';

describe('hasPermission', () => {
  const granted = ['org:write:billing', 'org:read:billing'];
  it('matches exactly', () => {
    expect(hasPermission(granted, 'org:write:billing')).toBe(true);
    expect(hasPermission(granted, 'org:write:members')).toBe(false);
  });
  it('matches a trailing * segment as a prefix, never the bare prefix', () => {
    expect(hasPermission(granted, 'org:write:*')).toBe(true);
    expect(hasPermission(['org:write'], 'org:write:*')).toBe(false);
    expect(hasPermission(['org:write:a:b'], 'org:write:*')).toBe(true);
    expect(hasPermission(['org:writer:x'], 'org:write:*')).toBe(false);
  });
  it('treats a * that is not a whole last segment literally', () => {
    expect(hasPermission(['org:write:billing'], 'org:wr*')).toBe(false);
    expect(hasPermission(['org:*:billing'], 'org:*:billing')).toBe(true);
    expect(hasPermission(['org:write:billing'], 'org:*:billing')).toBe(false);
  });
  it('never matches an empty rule', () => {
    expect(hasPermission([''], '')).toBe(false);
  });
});

describe('matchesRule', () => {
  const granted = ['a:1', 'b:2'];
  it('anyOf needs one, allOf needs all, together both', () => {
    expect(matchesRule(granted, { anyOf: ['x', 'b:2'] })).toBe(true);
    expect(matchesRule(granted, { anyOf: ['x', 'y'] })).toBe(false);
    expect(matchesRule(granted, { allOf: ['a:1', 'b:2'] })).toBe(true);
    expect(matchesRule(granted, { allOf: ['a:1', 'c'] })).toBe(false);
    expect(matchesRule(granted, { anyOf: ['a:1'], allOf: ['c'] })).toBe(false);
  });
  it('an empty anyOf denies, an empty allOf admits', () => {
    expect(matchesRule(granted, { anyOf: [] })).toBe(false);
    expect(matchesRule(granted, { allOf: [] })).toBe(true);
  });
  it('denies malformed rules', () => {
    expect(matchesRule(granted, null as never)).toBe(false);
    expect(matchesRule(granted, { anyOf: 'a:1' } as never)).toBe(false);
    expect(matchesRule(granted, 42 as never)).toBe(false);
  });
  it('encodes the default section rules of the design', () => {
    expect(matchesRule(['org:read:billing'], DEFAULT_SECTION_PERMISSIONS.organization_plan_details!)).toBe(true);
    expect(matchesRule(['org:read:billing'], DEFAULT_SECTION_PERMISSIONS.organization_payment_details!)).toBe(false);
    expect(matchesRule(['org:write:members'], DEFAULT_SECTION_PERMISSIONS.organization_members!)).toBe(true);
    expect(DEFAULT_SECTION_PERMISSIONS.profile).toBeUndefined();
  });
});
