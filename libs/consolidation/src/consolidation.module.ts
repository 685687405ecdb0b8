import { Module } from '@nestjs/common';
import { ArchiveModule } from '@app/archive';
import { ReportsModule } from '@app/reports';
import { ConsolidationRepository } from './consolidation.repository';
import { ConsolidationService } from './consolidation.service';
import { IndicatorsService } from './indicators.service';
import { ProvenanceService } from './provenance.service';

@Module({
  imports: [ReportsModule, ArchiveModule],
  providers: [ConsolidationRepository, ConsolidationService, ProvenanceService, IndicatorsService],
  exports: [ConsolidationRepository, ConsolidationService, ProvenanceService, IndicatorsService],
})
export class ConsolidationModule {}
