import { X509Certificate } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UsersRepository, verifyPassword } from '@app/auth';
import { DEMO_CA_ORG, SigningCredentialsRepository } from '@app/signatures';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-data';

/** Whether a certificate is the demo's certificate authority (organisation "te-reporting demo"). */
function isDemoCa(pem: string): boolean {
  try {
    return new X509Certificate(pem).subject.split('\n').includes(`O=${DEMO_CA_ORG}`);
  } catch {
    return false;
  }
}

/**
 * What of the demo data a database holds, for the production start to refuse: the demo users that
 * still sign in with the demo password, and whether the demo certificate authority is a trusted
 * root. Both empty on a real installation.
 */
export async function demoDataPresent(
  ds: DataSource,
): Promise<{ users: string[]; demoCa: boolean }> {
  const candidates = await new UsersRepository(ds).findByUsernames(
    DEMO_USERS.map((u) => u.username),
  );
  const withDemoPassword = await Promise.all(
    candidates.map(async (u) => ((await verifyPassword(DEMO_PASSWORD, u.passwordHash)) ? u : null)),
  );
  const roots = await new SigningCredentialsRepository(ds).trustedRootPems();
  return {
    users: withDemoPassword
      .filter((u) => u !== null)
      .map((u) => u.username)
      .sort(),
    demoCa: roots.some(isDemoCa),
  };
}
