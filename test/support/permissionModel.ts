import type { PermissionRule } from '../../src/core/PermissionRule';

// The permission rules of the design, written independently of src/core so the
// property tests judge the library by the spec, not by itself: a trailing `*`
// segment matches a prefix plus at least one more character, any other `*` is literal.

/** The reference: one pattern against the granted list. */
export function modelHas(granted: readonly string[], pattern: string): boolean {
  if (pattern === '') return false;
  const segments = pattern.split(':');
  if (segments[segments.length - 1] === '*') {
    const head = segments.slice(0, -1);
    const prefix = head.length === 0 ? '' : `${head.join(':')}:`;
    // At least one more character than the prefix: `org:write:*` never matches `org:write:`.
    return granted.some((g) => g.length > prefix.length && g.slice(0, prefix.length) === prefix);
  }
  return granted.includes(pattern);
}

/** The reference for a whole rule: `anyOf` needs one, `allOf` needs every one, both must hold. */
export function modelMatches(granted: readonly string[], rule: PermissionRule): boolean {
  if (typeof rule === 'string') return modelHas(granted, rule);
  const anyOk = rule.anyOf === undefined || rule.anyOf.some((p) => modelHas(granted, p));
  const allOk = rule.allOf === undefined || rule.allOf.every((p) => modelHas(granted, p));
  return anyOk && allOk;
}
