import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { z } from 'zod';
import { DomainException, notFound, parseInput, requireUuid, validationFailed } from '@app/common';
import { FormsService } from '@app/forms';
import { ORG_LEVELS } from '@app/org';
import { ReportingPeriod } from './entities/period.entity';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD.').refine((s) => !Number.isNaN(Date.parse(s)), 'Ngày không hợp lệ.');

export const CreatePeriodSchema = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9._-]{1,32}$/, 'Mã kỳ chỉ gồm chữ, số, dấu . _ - (tối đa 32 ký tự).'),
    label: z.string().trim().min(1).max(255),
    year: z.number().int().min(2000).max(2100),
    cutoffFrom: isoDate,
    cutoffTo: isoDate,
    forms: z.array(z.string().min(1).max(32)).min(1).max(20),
    deadlines: z.array(z.object({ level: z.enum(ORG_LEVELS), date: isoDate }).strict()).max(10),
    open: z.boolean().optional(),
  })
  .strict();

export function periodView(p: ReportingPeriod) {
  return {
    id: p.id,
    code: p.code,
    label: p.label,
    year: p.year,
    cutoffFrom: p.cutoffFrom,
    cutoffTo: p.cutoffTo,
    forms: p.forms.map((f) => f.code),
    formVersions: p.forms,
    deadlines: p.deadlines,
    open: p.open,
  };
}

@Injectable()
export class PeriodsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly forms: FormsService,
  ) {}

  list(): Promise<ReportingPeriod[]> {
    return this.ds.getRepository(ReportingPeriod).find({ order: { cutoffTo: 'DESC', code: 'ASC' } });
  }

  byIds(ids: string[]): Promise<ReportingPeriod[]> {
    return ids.length ? this.ds.getRepository(ReportingPeriod).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  async get(id: string): Promise<ReportingPeriod> {
    const p = await this.ds.getRepository(ReportingPeriod).findOneBy({ id: requireUuid(id, 'Không tìm thấy kỳ báo cáo.') });
    if (!p) throw notFound('Không tìm thấy kỳ báo cáo.');
    return p;
  }

  /** Creates a period; its forms are pinned to their latest versions now, so later versions do not change it. */
  async create(body: unknown): Promise<ReportingPeriod> {
    const input = parseInput(CreatePeriodSchema, body);
    if (input.cutoffTo < input.cutoffFrom) throw validationFailed([{ field: 'cutoffTo', message: 'Ngày kết thúc số liệu phải sau ngày bắt đầu.' }]);
    const pinned = [];
    for (const code of new Set(input.forms)) {
      try {
        const def = await this.forms.get(code);
        pinned.push({ code: def.code, version: def.version });
      } catch {
        throw validationFailed([{ field: 'forms', message: `Không có biểu mẫu ${code}.` }]);
      }
    }
    try {
      return await this.ds.getRepository(ReportingPeriod).save(
        this.ds.getRepository(ReportingPeriod).create({ ...input, forms: pinned, open: input.open ?? true }),
      );
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new DomainException('DUPLICATE', `Đã có kỳ báo cáo mã ${input.code}.`);
      throw e;
    }
  }
}
