import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const AddTrustAnchorSchema = z
  .object({
    /** PEM, or base64 of the DER (a certificate is a few KiB). */
    certificate: z.string().min(16).max(65_536),
  })
  .strict();
export const UploadCrlSchema = z
  .object({
    /** PEM ("X509 CRL"), or base64 of the DER (at most 1 MiB of DER). */
    crl: z.string().min(16).max(1_400_000),
  })
  .strict();
export class AddTrustAnchorDto extends createZodDto(AddTrustAnchorSchema) {}
export class UploadCrlDto extends createZodDto(UploadCrlSchema) {}
