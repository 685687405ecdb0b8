import { LoginAttempt } from './entities/login-attempt.entity';
import { User } from './entities/user.entity';

export * from './entities/user.entity';
export * from './entities/login-attempt.entity';
export * from './password';
export * from './auth-user';
export * from './auth.errors';
export * from './auth-options';
export * from './users.repository';
export * from './users.module';
export * from './users.service';
export * from './recent-users';
export * from './password-policy';
export * from './login-name';
export * from './login-attempts.repository';
export * from './login-backoff';
export * from './auth.service';
export * from './user-changes.listener';

/** The tables this context owns. */
export const AUTH_ENTITIES = [User, LoginAttempt];
