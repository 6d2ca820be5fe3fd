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
export function gateDecision(access: PortalAccess, { permission, anyOf, allOf, section, when }: GateRules, sections: SectionPermissions): GateDecision {
  if (access.status !== 'ready') return access.status === 'loading' ? 'loading' : 'denied';
  const holds = (rule: PermissionRule | undefined) => rule === undefined || matchesRule(access.permissions, rule);
  try {
    return holds(permission) &&
      holds(anyOf && { anyOf }) &&
      holds(allOf && { allOf }) &&
      holds(section === undefined ? undefined : sections[section]) &&
      // Only a literal `true` admits: a truthy string or a promise is a bug, not a yes.
      (when === undefined || when(access) === true)
      ? 'allowed'
      : 'denied';
  } catch {
    return 'denied';
  }
}
