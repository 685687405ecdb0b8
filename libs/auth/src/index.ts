export * from './entities/user.entity';
export * from './password';
export * from './auth-user';
export * from './users.repository';
export * from './auth.service';
