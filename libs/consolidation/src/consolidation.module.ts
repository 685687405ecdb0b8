import { Module } from '@nestjs/common';
import { ArchiveModule } from '@app/archive';
import { ReportsModule } from '@app/reports';
import { CompiledNarrativeService } from './compiled-narrative.service';
import { ConsolidationRepository } from './consolidation.repository';
import { ConsolidationService } from './consolidation.service';
import { IndicatorsService } from './indicators.service';
import { PeriodDataService } from './period-data.service';
import { ProvenanceService } from './provenance.service';

@Module({
  imports: [ReportsModule, ArchiveModule],
  providers: [
    CompiledNarrativeService,
    ConsolidationRepository,
    ConsolidationService,
    ProvenanceService,
    PeriodDataService,
    IndicatorsService,
  ],
  exports: [
    CompiledNarrativeService,
    ConsolidationRepository,
    ConsolidationService,
    ProvenanceService,
    PeriodDataService,
    IndicatorsService,
  ],
})
export class ConsolidationModule {}
