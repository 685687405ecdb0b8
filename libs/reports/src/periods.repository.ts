import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ReportingPeriod } from './entities/period.entity';

/** Thin queries over reporting_period. */
@Injectable()
export class PeriodsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  list(): Promise<ReportingPeriod[]> {
    return this.ds
      .getRepository(ReportingPeriod)
      .find({ order: { cutoffTo: 'DESC', code: 'ASC' } });
  }

  byIds(ids: string[]): Promise<ReportingPeriod[]> {
    return ids.length
      ? this.ds.getRepository(ReportingPeriod).findBy({ id: In(ids) })
      : Promise.resolve([]);
  }

  findById(id: string, em: EntityManager = this.ds.manager): Promise<ReportingPeriod | null> {
    return em.getRepository(ReportingPeriod).findOneBy({ id });
  }

  async update(em: EntityManager, id: string, changes: Partial<ReportingPeriod>): Promise<void> {
    if (Object.keys(changes).length)
      await em.getRepository(ReportingPeriod).update({ id }, changes as never);
  }

  /** The new period, or null when its code is taken. */
  async insert(
    period: Omit<
      ReportingPeriod,
      'id' | 'createdAt' | 'unitDeadlines' | 'reminderOffsets' | 'requestDocumentId' | 'request'
    > &
      Partial<
        Pick<ReportingPeriod, 'unitDeadlines' | 'reminderOffsets' | 'requestDocumentId' | 'request'>
      >,
    em: EntityManager = this.ds.manager,
  ): Promise<ReportingPeriod | null> {
    try {
      return await em
        .getRepository(ReportingPeriod)
        .save(em.getRepository(ReportingPeriod).create(period));
    } catch (e) {
      if ((e as { code?: string }).code === '23505') return null;
      throw e;
    }
  }
}
