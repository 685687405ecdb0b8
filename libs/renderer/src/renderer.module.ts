import { DynamicModule, Logger, Module } from '@nestjs/common';
import { PdfRenderer, RendererOptions } from './pdf-renderer';

/** The one PdfRenderer of the process (closed when the application stops). */
@Module({})
export class RendererModule {
  static forRoot(opts: Omit<RendererOptions, 'log'>): DynamicModule {
    const logger = new Logger('PdfRenderer');
    return {
      module: RendererModule,
      global: true,
      providers: [
        {
          provide: PdfRenderer,
          useFactory: () => new PdfRenderer({ ...opts, log: (e) => logger.log(e) }),
        },
      ],
      exports: [PdfRenderer],
    };
  }
}
