// Ports of upstream printJob and printCronJob.
import type { CronJob, Job, JobCondition } from 'kubernetes-types/batch/v1';
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, column } from './columns';
import { age, parseTime, since } from './timestamps';
import { humanDuration } from './human-duration';
import { containerCells, formatLabelSelector, int } from './format';
import type { Printer, PrintedRow } from './types';

/** Columns and cells for batch/v1 Job: NAME STATUS COMPLETIONS DURATION AGE | CONTAINERS IMAGES SELECTOR. */
export const jobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', { text: 'Status of the job.' }),
    column('Completions', 'string', 'JobStatus.succeeded'),
    column('Duration', 'string', { text: 'Time required to complete the job.' }),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column('Selector', 'string', 'JobSpec.selector', { priority: 1 }),
  ],
  print: (obj, now) => printJob(obj as Job, now),
};

function printJob(job: Job, now: number): PrintedRow {
  const succeeded = int(job.status?.succeeded);
  let completions: string;
  if (typeof job.spec?.completions === 'number') {
    completions = `${succeeded}/${int(job.spec.completions)}`;
  } else {
    const parallelism = int(job.spec?.parallelism);
    completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
  }

  const start = parseTime(job.status?.startTime);
  const end = parseTime(job.status?.completionTime);
  const duration = start === undefined ? '' : humanDuration((end ?? now) - start);

  const conds = job.status?.conditions;
  let status = 'Running';
  if (jobCondition(conds, 'Complete')) status = 'Complete';
  else if (jobCondition(conds, 'Failed')) status = 'Failed';
  else if (job.metadata?.deletionTimestamp) status = 'Terminating';
  else if (jobCondition(conds, 'Suspended')) status = 'Suspended';
  else if (jobCondition(conds, 'FailureTarget')) status = 'FailureTarget';

  const [names, images] = containerCells(job.spec?.template?.spec?.containers);
  return {
    cells: [job.metadata?.name ?? '', status, completions, duration, age(job, now), names, images, formatLabelSelector(job.spec?.selector)],
  };
}

// hasJobCondition: the first condition of the type decides.
function jobCondition(conditions: JobCondition[] | undefined, type: string): boolean {
  return (conditions ?? []).find((c) => c.type === type)?.status === 'True';
}

/** Columns and cells for batch/v1 CronJob: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE | CONTAINERS IMAGES SELECTOR. */
export const cronJobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Schedule', 'string', 'CronJobSpec.schedule'),
    column('Timezone', 'string', 'CronJobSpec.timeZone'),
    column('Suspend', 'boolean', 'CronJobSpec.suspend'),
    column('Active', 'integer', 'CronJobStatus.active'),
    column('Last Schedule', 'string', 'CronJobStatus.lastScheduleTime'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column('Selector', 'string', 'JobSpec.selector', { priority: 1 }),
  ],
  print: (obj, now) => {
    const cj = obj as CronJob;
    const last = cj.status?.lastScheduleTime ? since(cj.status.lastScheduleTime, now) : '<none>';
    const suspend = cj.spec?.suspend;
    // printBoolPtr: a string even though the column is typed boolean.
    const suspendCell = suspend === undefined || suspend === null ? '<unset>' : suspend ? 'True' : 'False';
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const [names, images] = containerCells(jobSpec?.template?.spec?.containers);
    return {
      cells: [
        cj.metadata?.name ?? '',
        cj.spec?.schedule ?? '',
        cj.spec?.timeZone ?? '<none>',
        suspendCell,
        (cj.status?.active ?? []).length,
        last,
        age(cj, now),
        names,
        images,
        formatLabelSelector(jobSpec?.selector),
      ],
    };
  },
};
