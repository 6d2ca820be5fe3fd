import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasPermission, matchesRule, type PermissionRule } from '../../src/core/PermissionRule';
import { modelHas, modelMatches } from '../support/permissionModel';

// matchesRule against a reference model written from the design's wording, not
// from the implementation: "rules combine with AND; anyOf needs one, allOf needs
// every one; a trailing `*` segment matches a prefix (`org:write:*` matches
// `org:write:x`, not `org:write`); a `*` anywhere else is literal".

// A small alphabet, so generated permissions and patterns collide often.
const segment = fc.constantFrom('org', 'read', 'write', 'billing', 'members', 'a', 'b', '', 'x*', '*x', '**', 'wr');
const permissionArb = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join(':'));
const patternArb = fc.oneof(
  { weight: 3, arbitrary: permissionArb },
  { weight: 3, arbitrary: fc.array(segment, { maxLength: 3 }).map((s) => [...s, '*'].join(':')) },
  { weight: 1, arbitrary: fc.constantFrom('*', '', ':*', 'org:write:*', 'org:wr*', 'org:*:billing', 'org:write:**', '*:billing') },
);
const grantedArb = fc.array(permissionArb, { maxLength: 6 });
const ruleArb: fc.Arbitrary<PermissionRule> = fc.oneof(
  patternArb,
  fc.record({ anyOf: fc.array(patternArb, { maxLength: 3 }), allOf: fc.array(patternArb, { maxLength: 3 }) }, { requiredKeys: [] }),
);

const RUNS = { numRuns: 500 };

describe('permission rules', () => {
  it('hasPermission agrees with the model for every pattern', () => {
    fc.assert(
      fc.property(grantedArb, patternArb, (granted, pattern) => {
        expect(hasPermission(granted, pattern)).toBe(modelHas(granted, pattern));
      }),
      RUNS,
    );
  });

  it('matchesRule agrees with the model for every rule', () => {
    fc.assert(
      fc.property(grantedArb, ruleArb, (granted, rule) => {
        expect(matchesRule(granted, rule)).toBe(modelMatches(granted, rule));
      }),
      RUNS,
    );
  });

  it('anyOf is OR, allOf is AND, and both together are the AND of the two', () => {
    fc.assert(
      fc.property(grantedArb, fc.array(patternArb, { maxLength: 4 }), fc.array(patternArb, { maxLength: 4 }), (granted, any, all) => {
        const one = (p: string) => matchesRule(granted, p);
        expect(matchesRule(granted, { anyOf: any })).toBe(any.some(one));
        expect(matchesRule(granted, { allOf: all })).toBe(all.every(one));
        expect(matchesRule(granted, { anyOf: any, allOf: all })).toBe(
          matchesRule(granted, { anyOf: any }) && matchesRule(granted, { allOf: all }),
        );
      }),
      RUNS,
    );
  });

  it('is monotone: granting more never revokes', () => {
    fc.assert(
      fc.property(grantedArb, grantedArb, ruleArb, (granted, more, rule) => {
        fc.pre(matchesRule(granted, rule));
        expect(matchesRule([...granted, ...more], rule)).toBe(true);
      }),
      RUNS,
    );
  });

  it('ignores the order and repetition of granted permissions', () => {
    const reordered = grantedArb.chain((granted) =>
      fc.tuple(fc.constant(granted), fc.shuffledSubarray([...granted, ...granted], { minLength: granted.length * 2 })),
    );
    fc.assert(
      fc.property(reordered, ruleArb, ([granted, shuffled], rule) => {
        expect(matchesRule(shuffled, rule)).toBe(matchesRule(granted, rule));
      }),
      RUNS,
    );
  });

  it('a trailing * needs at least one more character, and a * elsewhere is literal', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 3 }), permissionArb, (head, granted) => {
        const prefix = head.length === 0 ? '' : `${head.join(':')}:`;
        const wildcard = `${prefix}*`;
        expect(hasPermission([prefix.slice(0, -1)], wildcard)).toBe(false);
        expect(hasPermission([prefix], wildcard)).toBe(false);
        expect(hasPermission([`${prefix}${granted || 'x'}`], wildcard)).toBe(true);
        // Not a whole last segment: only the exact string matches.
        const literal = `${prefix}x*`;
        expect(hasPermission([`${prefix}xyz`], literal)).toBe(false);
        expect(hasPermission([literal], literal)).toBe(true);
      }),
      RUNS,
    );
  });

  it('answers for the granted list as it is now, even when the same array was changed in place', () => {
    // A server using /core may keep one permissions array per session and update it.
    fc.assert(
      fc.property(grantedArb, grantedArb, ruleArb, (before, after, rule) => {
        const granted = [...before];
        matchesRule(granted, rule);
        granted.splice(0, granted.length, ...after);
        expect(matchesRule(granted, rule)).toBe(modelMatches(after, rule));
      }),
      RUNS,
    );
  });
});
