import { Module } from '@nestjs/common';
import { OrgDirectory } from './org-directory';
import { OrgRepository } from './org.repository';

@Module({ providers: [OrgRepository, OrgDirectory], exports: [OrgRepository, OrgDirectory] })
export class OrgModule {}
