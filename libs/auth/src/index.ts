import { User } from './entities/user.entity';

export * from './entities/user.entity';
export * from './password';
export * from './auth-user';
export * from './auth.errors';
export * from './users.repository';
export * from './users.module';
export * from './users.service';
export * from './recent-users';
export * from './password-policy';
export * from './auth.service';

/** The tables this context owns. */
export const AUTH_ENTITIES = [User];
