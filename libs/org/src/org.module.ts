import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { OrgDirectory } from './org-directory';
import { OrgLineage } from './org-lineage';
import { OrgScope } from './org-scope';
import { OrgUnitsService } from './org-units.service';
import { OrgRepository } from './org.repository';
import { SuccessorsRepository } from './successors.repository';

const EXPORTED = [
  OrgRepository,
  SuccessorsRepository,
  OrgDirectory,
  OrgLineage,
  OrgScope,
  OrgUnitsService,
];

@Module({ imports: [AuditModule], providers: EXPORTED, exports: EXPORTED })
export class OrgModule {}
