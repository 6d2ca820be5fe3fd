import { cleanup, render } from '@testing-library/react';
import fc from 'fast-check';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { PortalGate, PortalProvider, type PortalAccess, type PortalGateProps, type PermissionRule, type SectionPermissions } from '../../src';
import { modelHas, modelMatches } from '../support/permissionModel';

// A gate never renders its children unless every rule it was given holds for the
// current access, judged by a model written from the design (not by the library's
// own matcher): permission AND anyOf AND allOf AND section AND when(access) === true.

// The design's default section rules, restated.
const DEFAULT_SECTIONS: Record<string, PermissionRule> = {
  organization_payment_details: 'org:write:billing',
  payment_details: 'org:write:billing',
  organization_plan_selection: 'org:write:billing',
  plan_selection: 'org:write:billing',
  organization_plan_details: { anyOf: ['org:read:billing', 'org:write:billing'] },
  plan_details: { anyOf: ['org:read:billing', 'org:write:billing'] },
  organization_members: 'org:write:members',
};

type Rules = Omit<PortalGateProps, 'children' | 'loading' | 'fallback'>;
type When = NonNullable<Rules['when']>;

const whens: [string, When][] = [
  ['true', () => true],
  ['false', () => false],
  ['"true"', (() => 'true') as unknown as When],
  ['1', (() => 1) as unknown as When],
  ['a promise of true', (() => Promise.resolve(true)) as unknown as When],
  ['throws', () => {
    throw new Error('bug');
  }],
  ['has billing', (access) => access.permissions.includes('org:write:billing')],
];

function modelDecision(access: PortalAccess, rules: Rules, sections: SectionPermissions | undefined): 'loading' | 'allowed' | 'denied' {
  if (access.status === 'loading') return 'loading';
  if (access.status !== 'ready') return 'denied';
  const granted = access.permissions;
  if (rules.permission !== undefined && !modelHas(granted, rules.permission)) return 'denied';
  if (rules.anyOf !== undefined && !rules.anyOf.some((p) => modelHas(granted, p))) return 'denied';
  if (rules.allOf !== undefined && !rules.allOf.every((p) => modelHas(granted, p))) return 'denied';
  if (rules.section !== undefined) {
    const rule = ({ ...DEFAULT_SECTIONS, ...sections } as Record<string, PermissionRule | undefined>)[rules.section];
    if (rule !== undefined && !modelMatches(granted, rule)) return 'denied';
  }
  if (rules.when !== undefined) {
    let answer: unknown;
    try {
      answer = rules.when(access);
    } catch {
      return 'denied';
    }
    if (answer !== true) return 'denied';
  }
  return 'allowed';
}

const permission = fc.constantFrom(
  'org:read:billing', 'org:write:billing', 'org:write:members', 'read:org:authentication', 'write:org:authentication',
  'org:write', 'org:write:', 'org:read:x', 'custom:thing',
);
const pattern = fc.oneof(permission, fc.constantFrom('org:write:*', 'org:*', '*', 'org:wr*', 'org:*:billing', ':*', ''));
const section = fc.constantFrom('profile', 'organization_details', 'organization_api_keys', ...Object.keys(DEFAULT_SECTIONS));
const access: fc.Arbitrary<PortalAccess> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ status: 'loading' } as const) },
  { weight: 1, arbitrary: fc.constant({ status: 'signed-out' } as const) },
  {
    weight: 6,
    arbitrary: fc.record({
      status: fc.constant('ready' as const),
      orgCode: fc.constantFrom('org_acme', 'org_globex', null),
      permissions: fc.oneof(fc.uniqueArray(permission, { maxLength: 3 }), fc.uniqueArray(permission, { minLength: 5, maxLength: 9 })),
    }),
  },
);
const ruleArb: fc.Arbitrary<PermissionRule> = fc.oneof(pattern, fc.record({ anyOf: fc.array(pattern, { maxLength: 2 }), allOf: fc.array(pattern, { maxLength: 2 }) }, { requiredKeys: [] }));
const ruleParts = {
  permission: pattern,
  anyOf: fc.array(pattern, { maxLength: 3 }),
  allOf: fc.array(pattern, { maxLength: 3 }),
  section,
  when: fc.constantFrom(...whens),
};
/** Gates as apps write them: mostly one rule, sometimes none, sometimes several. */
const rules: fc.Arbitrary<Rules & { whenName?: string }> = fc
  .oneof(
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 4, arbitrary: fc.record(ruleParts, { requiredKeys: [] }).filter((r) => Object.keys(r).length <= 1) },
    { weight: 3, arbitrary: fc.record(ruleParts, { requiredKeys: [] }) },
  )
  .map(({ when, ...rest }: Partial<{ when: [string, When] } & Omit<Rules, 'when'>>) => (when ? { ...rest, when: when[1], whenName: when[0] } : rest));
const sections: fc.Arbitrary<SectionPermissions | undefined> = fc.option(
  fc.dictionary(section, ruleArb, { maxKeys: 3 }) as fc.Arbitrary<SectionPermissions>,
  { nil: undefined },
);

const SHOWN = { loading: 'L', denied: 'F', allowed: 'C' } as const;

function Gate({ access, rules, sections, asFunction, children }: { access: PortalAccess; rules: Rules; sections: SectionPermissions | undefined; asFunction: boolean; children?: ReactNode }) {
  return (
    <PortalProvider access={access} {...(sections ? { sectionPermissions: sections } : {})}>
      <PortalGate loading="L" fallback="F" {...rules}>
        {asFunction ? () => children : children}
      </PortalGate>
    </PortalProvider>
  );
}

describe('PortalGate, for any access and rules', () => {
  it('shows children exactly when every rule holds, loading while loading, fallback otherwise', () => {
    const seen = { loading: 0, denied: 0, allowed: 0 };
    fc.assert(
      fc.property(access, rules, sections, fc.boolean(), (acc, { whenName: _name, ...gateRules }, secs, asFunction) => {
        try {
          const { container } = render(<Gate access={acc} rules={gateRules} sections={secs} asFunction={asFunction}>C</Gate>);
          const decision = modelDecision(acc, gateRules, secs);
          seen[decision] += 1;
          expect(container.textContent).toBe(SHOWN[decision]);
        } finally {
          cleanup();
        }
      }),
      { numRuns: 400 },
    );
    // Each outcome must be reached often enough for the comparison to mean something.
    expect(Math.min(seen.loading, seen.denied, seen.allowed)).toBeGreaterThan(20);
  }, 20_000);

  it('across a sequence of access changes (org switches), never renders children, even transiently, while its rule is false', () => {
    fc.assert(
      fc.property(fc.array(access, { minLength: 2, maxLength: 5 }), rules, fc.boolean(), (accesses, { whenName: _name, ...gateRules }, asFunction) => {
        const rendered: string[] = [];
        const Probe = () => {
          rendered.push('C');
          return <>C</>;
        };
        try {
          const ui = (acc: PortalAccess) => (
            <Gate access={acc} rules={gateRules} sections={undefined} asFunction={asFunction}>
              <Probe />
            </Gate>
          );
          let view: ReturnType<typeof render> | undefined;
          for (const acc of accesses) {
            rendered.length = 0;
            if (view) view.rerender(ui(acc));
            else view = render(ui(acc));
            const decision = modelDecision(acc, gateRules, undefined);
            if (decision !== 'allowed') expect(rendered).toEqual([]);
            expect(view.container.textContent).toBe(SHOWN[decision]);
          }
        } finally {
          cleanup();
        }
      }),
      { numRuns: 200 },
    );
  }, 20_000);
});
