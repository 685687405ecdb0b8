import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { textField } from '@app/common';
import type { DocumentQuery } from '@app/archive';
import type { UploadCredentialInput, UploadImageInput } from '@app/signatures';

export const ListDocumentsSchema = z
  .object({
    year: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
    orgUnitId: z.string().uuid().optional(),
    q: textField({ max: 200 }).optional(),
  })
  .strict() satisfies z.ZodType<DocumentQuery>;

export const RegisterQuerySchema = z.object({
  orgUnitId: z.string().max(64).optional(),
  year: z
    .string()
    .regex(/^\d{4}$/, 'Năm không hợp lệ.')
    .optional(),
  format: z.enum(['pdf', 'xlsx']).optional(),
});

export const IncomingRegisterQuerySchema = z
  .object({
    orgUnitId: z.string().uuid().optional(),
    year: z
      .string()
      .regex(/^\d{4}$/, 'Năm không hợp lệ.')
      .optional(),
    format: z.enum(['pdf', 'xlsx']).optional(),
  })
  .strict();

export const WithdrawSchema = z
  .object({ reason: textField({ min: 1, max: 1000, multiline: true }) })
  .strict();

export const SetHandlerSchema = z.object({ userId: z.string().uuid().nullable() }).strict();

export const UploadCredentialSchema = z
  .object({
    ownerKind: z.enum(['user', 'orgUnit']),
    ownerId: z.string().uuid(),
    /** The PKCS#12 (.p12/.pfx) file, base64. */
    p12: z.string().min(16).max(200_000),
    password: z.string().max(200),
  })
  .strict() satisfies z.ZodType<UploadCredentialInput>;

export const UploadImageSchema = z
  .object({
    ownerKind: z.enum(['user', 'orgUnit']),
    ownerId: z.string().uuid(),
    /** PNG or JPEG, base64: a person's signature (blue) or an organisation's seal (red). */
    image: z.string().min(16).max(700_000),
  })
  .strict() satisfies z.ZodType<UploadImageInput>;

export class ListDocumentsQueryDto extends createZodDto(ListDocumentsSchema) {}
export class RegisterQueryDto extends createZodDto(RegisterQuerySchema) {}
export class IncomingRegisterQueryDto extends createZodDto(IncomingRegisterQuerySchema) {}
export class WithdrawDto extends createZodDto(WithdrawSchema) {}
export class SetHandlerDto extends createZodDto(SetHandlerSchema) {}
export class UploadCredentialDto extends createZodDto(UploadCredentialSchema) {}
export class UploadImageDto extends createZodDto(UploadImageSchema) {}
