import { matchesRule, type PermissionRule, type SectionPermissions } from '../core/PermissionRule';
import type { PortalAccess } from '../core/PortalAccess';
import type { PortalPage } from '../core/portalPages';

export interface GateRules {
  permission?: string | undefined;
  anyOf?: readonly string[] | undefined;
  allOf?: readonly string[] | undefined;
  section?: PortalPage | undefined;
  when?: ((access: Extract<PortalAccess, { status: 'ready' }>) => boolean) | undefined;
}

export type GateDecision = 'loading' | 'allowed' | 'denied';

/** Every given rule must hold (AND); no rule admits any signed-in user. Errors deny. */
export function gateDecision(access: PortalAccess, rules: GateRules, sections: SectionPermissions): GateDecision {
  if (access.status === 'loading') return 'loading';
  if (access.status !== 'ready') return 'denied';
  try {
    const granted = access.permissions;
    if (rules.permission !== undefined && !matchesRule(granted, rules.permission)) return 'denied';
    if (rules.anyOf !== undefined && !matchesRule(granted, { anyOf: rules.anyOf })) return 'denied';
    if (rules.allOf !== undefined && !matchesRule(granted, { allOf: rules.allOf })) return 'denied';
    if (rules.section !== undefined) {
      const sectionRule: PermissionRule | undefined = sections[rules.section];
      if (sectionRule !== undefined && !matchesRule(granted, sectionRule)) return 'denied';
    }
    // Only a literal `true` admits: a truthy string or a promise is a bug, not a yes.
    if (rules.when !== undefined && rules.when(access) !== true) return 'denied';
    return 'allowed';
  } catch {
    return 'denied';
  }
}
