import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const base64 = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9+/\s]*={0,2}\s*$/, 'Dữ liệu phải mã hóa base64.');

export const RegisterCertificateSchema = z
  .object({
    certificate: z
      .string()
      .min(1)
      .max(24_000)
      .describe('Chứng thư số (không có khóa): PEM, hoặc DER mã hóa base64.'),
  })
  .strict()
  .describe('Chứng thư số đăng ký cho người ký hoặc cho cơ quan.');

export const SignatureSchema = z
  .object({
    requestId: z.string().uuid(),
    cms: base64(24_000).min(1).describe('Chữ ký CMS (CAdES, tách rời), DER mã hóa base64.'),
  })
  .strict()
  .describe('Chữ ký số của người ký cho yêu cầu ký đang chờ.');

export class RegisterCertificateDto extends createZodDto(RegisterCertificateSchema) {}
export class SignatureDto extends createZodDto(SignatureSchema) {}
