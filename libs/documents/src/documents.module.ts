import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ReportsModule } from '@app/reports';
import { DocumentsService, PDF_RENDERER } from './documents.service';
import { PdfRenderer, RendererOptions } from './pdf-renderer';

@Module({})
export class DocumentsModule {
  static forRoot(opts: Omit<RendererOptions, 'log'>): DynamicModule {
    const logger = new Logger('PdfRenderer');
    return {
      module: DocumentsModule,
      imports: [ReportsModule],
      providers: [{ provide: PDF_RENDERER, useFactory: () => new PdfRenderer({ ...opts, log: (e) => logger.log(e) }) }, DocumentsService],
      exports: [DocumentsService, PDF_RENDERER],
    };
  }
}
