import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { JobsRepository, JobView } from '@app/jobs';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';
import { JobQueryDto } from './dto/job.dto';

/** Admin: the job queue's jobs — by default the failed ones (retries used up), newest first. */
@ApiTags('admin')
@Controller('api/admin/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsRepository) {}

  /** `?state=failed&limit&offset` → `[{id, queue, state, data, retryCount, retryLimit, createdOn, startedOn, completedOn, output}]`. */
  @Get()
  @Roles('admin')
  @ApiErrors(401, 403, 422)
  list(@Query() q: JobQueryDto): Promise<JobView[]> {
    return this.jobs.list(q.state ?? 'failed', q.limit ?? 50, q.offset ?? 0);
  }
}
