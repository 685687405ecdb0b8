export * from './entities/org-unit.entity';
export * from './org.repository';
export * from './org.module';
export * from './org-unit.view';
