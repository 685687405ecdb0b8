import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { OrgModule } from '@app/org';
import { RecentUsers } from './recent-users';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

const EXPORTED = [UsersRepository, UsersService, RecentUsers];

@Module({ imports: [OrgModule, AuditModule], providers: EXPORTED, exports: EXPORTED })
export class UsersModule {}
