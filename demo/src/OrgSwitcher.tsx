import { useKindeAuth } from '@kinde-oss/kinde-auth-react';
import { useEffect, useState } from 'react';
import { usePortalAccess } from 'react-self-serve-portal';

const ORG_NAMES: Record<string, string> = { org_acme: 'Acme Corp', org_globex: 'Globex' };

/** Switching goes through Kinde (a new sign-in for the other organization), as in a real app. */
export function OrgSwitcher() {
  const { switchOrg, getUserOrganizations } = useKindeAuth();
  const { orgCode } = usePortalAccess();
  const [orgs, setOrgs] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    getUserOrganizations().then(
      (codes) => live && setOrgs(codes ?? []),
      () => live && setOrgs([]),
    );
    return () => {
      live = false;
    };
  }, [getUserOrganizations]);
  if (orgs.length < 2) return null;
  return (
    <label>
      Organization{' '}
      <select value={orgCode ?? ''} onChange={(event) => void switchOrg(event.target.value as `org_${string}`)}>
        {orgs.map((code) => (
          <option key={code} value={code}>
            {ORG_NAMES[code] ?? code}
          </option>
        ))}
      </select>
    </label>
  );
}
