import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ReportsModule } from '@app/reports';
import { CREDENTIAL_CIPHER, DocumentsService, PDF_RENDERER } from './documents.service';
import { CredentialCipher } from './signing-credentials';
import { PdfRenderer, RendererOptions } from './pdf-renderer';

@Module({})
export class DocumentsModule {
  static forRoot(opts: Omit<RendererOptions, 'log'>, credentialSecret: string): DynamicModule {
    const logger = new Logger('PdfRenderer');
    return {
      module: DocumentsModule,
      imports: [ReportsModule],
      providers: [
        { provide: PDF_RENDERER, useFactory: () => new PdfRenderer({ ...opts, log: (e) => logger.log(e) }) },
        { provide: CREDENTIAL_CIPHER, useFactory: () => new CredentialCipher(credentialSecret) },
        DocumentsService,
      ],
      exports: [DocumentsService, PDF_RENDERER],
    };
  }
}
