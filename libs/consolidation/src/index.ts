import { ConsolidationSource } from './entities/consolidation-source.entity';

export * from './entities/consolidation-source.entity';
export * from './combinable-cells';
export * from './compiled-narrative';
export * from './compiled-narrative.service';
export * from './consolidation.errors';
export * from './consolidation.repository';
export * from './consolidation.service';
export * from './provenance.service';
export * from './indicators.service';
export * from './period-table';
export * from './period-data.service';
export * from './consolidation.module';

/** The tables this context owns. */
export const CONSOLIDATION_ENTITIES = [ConsolidationSource];
