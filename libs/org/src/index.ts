import { OrgUnit } from './entities/org-unit.entity';
import { OrgUnitSuccessor } from './entities/org-unit-successor.entity';

export * from './entities/org-unit.entity';
export * from './entities/org-unit-successor.entity';
export * from './org.repository';
export * from './org-directory';
export * from './org-lineage';
export * from './org-scope';
export * from './org-units.service';
export * from './org.errors';
export * from './org.module';
export * from './org-unit.view';
export * from './successors.repository';
export * from './succession';
export * from './unit-validity';

/** The tables this context owns. */
export const ORG_ENTITIES = [OrgUnit, OrgUnitSuccessor];
