import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { textField } from '@app/common';
import { DOCUMENT_TYPE_CODES, SIGN_AUTHORITIES } from '@app/documents';
import type { CreateReportInput, PatchReportInput, ReportListQuery } from '@app/reports';
import { REPORT_STATES } from '@app/workflow';
import { isoDate } from '../../http/iso-date';

const RecipientSchema = z
  .object({
    name: textField({ min: 1, max: 255 }).optional(),
    orgUnitId: z.string().uuid().optional(),
  })
  .strict()
  .refine(
    (r) => r.name !== undefined || r.orgUnitId !== undefined,
    'Nơi nhận cần tên hoặc đơn vị.',
  );

const RequestSchema = z
  .object({
    forms: z.array(z.string().min(1).max(32)).max(20),
    deadline: isoDate,
    orgUnitIds: z.array(z.string().uuid()).min(1).max(500),
  })
  .strict()
  .describe(
    'CV or KH only: asks these lower units of the caller’s unit for a report on these forms by the deadline; issuing it opens the period.',
  );

export const CreateReportSchema = z
  .object({
    periodId: z.string().uuid(),
    type: z
      .enum(DOCUMENT_TYPE_CODES)
      .describe('BC báo cáo, KH kế hoạch, CV công văn (the document type registry).'),
    // A line break typed in the title (trích yếu) is kept where it is printed.
    title: textField({ min: 1, max: 500, multiline: true }),
    forms: z.array(z.string().min(1).max(32)).max(20).optional(),
    request: RequestSchema.optional(),
    replaces: z.string().uuid().optional(),
  })
  .strict() satisfies z.ZodType<CreateReportInput>;

export const PatchReportSchema = z
  .object({
    version: z.number().int().min(1),
    title: textField({ min: 1, max: 500, multiline: true }).optional(),
    narrative: textField({ max: 200_000, multiline: true, trim: false }).optional(),
    recipients: z.array(RecipientSchema).max(100).optional(),
    data: z
      .record(
        z.string().max(32),
        z.record(z.string().max(64), z.record(z.string().max(64), z.unknown())),
      )
      .optional(),
  })
  .strict() satisfies z.ZodType<PatchReportInput>;

export const ListReportsSchema = z
  .object({
    periodId: z.string().uuid().optional(),
    state: z.enum(REPORT_STATES).optional(),
    orgUnitId: z.string().uuid().optional(),
    q: textField({ max: 200 }).optional(),
  })
  .strict() satisfies z.ZodType<ReportListQuery>;

export const ReportEventSchema = z
  .object({
    type: z
      .enum(['REQUEST_SIGNATURE', 'SIGN', 'SUBMIT', 'RETURN', 'ACKNOWLEDGE'])
      .describe(
        'ACKNOWLEDGE: the direct upper unit confirms receipt of a submitted report (state unchanged).',
      ),
    version: z.number().int().min(1),
    comment: textField({ max: 4000, multiline: true, trim: false }).optional(),
    authority: z
      .enum(SIGN_AUTHORITIES)
      .optional()
      .describe('SIGN: thẩm quyền ký của văn bản này (TM., KT., Q., TL., TUQ.).'),
    issueDate: isoDate
      .optional()
      .describe(
        'SUBMIT: ngày ban hành (mặc định hôm nay; không sau hôm nay, không trước ngày ký).',
      ),
    filingUnit: textField({ min: 1, max: 64 })
      .optional()
      .describe('SUBMIT: bộ phận lưu của văn bản này ("- Lưu: VT, …").'),
  })
  .strict()
  .superRefine((e, ctx) => {
    const only = (field: 'authority' | 'issueDate' | 'filingUnit', type: string) => {
      if (e[field] !== undefined && e.type !== type)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [field],
          message: `Trường ${field} chỉ dùng với sự kiện ${type}.`,
        });
    };
    only('authority', 'SIGN');
    only('issueDate', 'SUBMIT');
    only('filingUnit', 'SUBMIT');
  });

export const ReportPdfQuerySchema = z
  .object({
    preview: z
      .literal('issue')
      .optional()
      .describe("issue: the clerk's numbered preview before issuing."),
    issueDate: isoDate.optional(),
    filingUnit: textField({ min: 1, max: 64 }).optional(),
  })
  .strict();

export const ImportWorkbookQuerySchema = z.object({
  version: z.string().regex(/^\d+$/).optional(),
});

export const ImportDocxQuerySchema = z
  .object({
    version: z.string().regex(/^\d+$/).optional(),
    preview: z.enum(['1', '0', 'true', 'false']).optional(),
  })
  .strict();

export class ImportDocxQueryDto extends createZodDto(ImportDocxQuerySchema) {}
export class CreateReportDto extends createZodDto(CreateReportSchema) {}
export class PatchReportDto extends createZodDto(PatchReportSchema) {}
export class ListReportsQueryDto extends createZodDto(ListReportsSchema) {}
export class ReportEventDto extends createZodDto(ReportEventSchema) {}
export class ReportPdfQueryDto extends createZodDto(ReportPdfQuerySchema) {}
export class ImportWorkbookQueryDto extends createZodDto(ImportWorkbookQuerySchema) {}
