import type { Role } from './entities/user.entity';

/** Who is asking: attached to every authenticated request. */
export interface AuthUser {
  id: string;
  username: string;
  fullName: string;
  orgUnitId: string;
  roles: Role[];
  positionTitle: string | null;
  signAuthority: string | null;
  signHeadTitle: string | null;
  /** Signed in with a one-time password: must choose a password before anything else. */
  passwordChangeRequired: boolean;
}

export const hasRole = (u: AuthUser, ...roles: Role[]) => roles.some((r) => u.roles.includes(r));
