// 1,000 gate decisions over 500 granted permissions: this library's matcher against
// @kinde/js-utils' hasPermissions, which reads the permissions claim from the access
// token in its active storage on every call.
import { hasPermissions, MemoryStorage, setActiveStorage, StorageKeys } from '@kinde/js-utils';
import { bench, describe } from 'vitest';
import { matchesRule } from '../../src/core/PermissionRule';

const GRANTED = Array.from({ length: 500 }, (_, i) => `org:permission:${i}`);
// Half granted (spread over the whole list), half missing: a menu asks both kinds.
const RULES = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `org:permission:${(i * 7) % 500}` : `org:missing:${i}`));
const EXPECTED_GRANTED = 500;

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: 'https://acme.kinde.com', org_code: 'org_acme', permissions: GRANTED })}.signature`;
const storage = new MemoryStorage();
await storage.setSessionItem(StorageKeys.accessToken, token);
setActiveStorage(storage);

function check(granted: number): void {
  if (granted !== EXPECTED_GRANTED) throw new Error(`expected ${EXPECTED_GRANTED} granted decisions, got ${granted}`);
}

describe('1,000 gate decisions over 500 granted permissions', () => {
  bench('this library: matchesRule (granted list unchanged between decisions)', () => {
    let granted = 0;
    for (const rule of RULES) if (matchesRule(GRANTED, rule)) granted++;
    check(granted);
  });

  bench('@kinde/js-utils: await hasPermissions({ permissions: [rule] })', async () => {
    let granted = 0;
    for (const rule of RULES) if (await hasPermissions({ permissions: [rule] })) granted++;
    check(granted);
  });
});
