import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { FormsRepository } from './forms.repository';
import { FormsService } from './forms.service';

@Module({
  imports: [AuditModule],
  providers: [FormsRepository, FormsService],
  exports: [FormsService],
})
export class FormsModule {}
