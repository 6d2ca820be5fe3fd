// `npm start`: the Kinde emulator and the demo app, on loopback, until Ctrl-C.
import { orgs, users } from '../emulator/seed';
import { startDemo } from '../demo/startDemo';

const port = Number(process.env.PORT ?? 5173);
const emulatorPort = Number(process.env.EMULATOR_PORT ?? 4010);

const demo = await startDemo({ port, emulatorPort });
const orgName = (code: string) => orgs.find((org) => org.code === code)?.name ?? code;

console.log(`
  Demo app:        ${demo.url}
  Kinde emulator:  ${demo.emulator.url}

  Sign in as (no password; pick the user on the emulator's sign-in page):
${users
  .map(
    (user) =>
      `    ${user.email.padEnd(18)} ${user.title}\n${user.memberships
        .map((m) => `      ${orgName(m.orgCode)}: ${m.permissions.join(', ') || 'no permissions'}`)
        .join('\n')}`,
  )
  .join('\n')}

  Ctrl-C stops both.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
