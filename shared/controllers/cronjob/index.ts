export { parseSchedule, type Schedule } from './cron-schedule';
export { mostRecentScheduleTime, nextScheduleTime, nextScheduleDelayMs, NEXT_SCHEDULE_DELTA_MS, type MissedSchedules, type MostRecent } from './schedule-times';
export { cronJobJobName, jobFromTemplate, jobRef, rfc3339In, SCHEDULED_TIMESTAMP_ANNOTATION } from './cronjob-job';
export { reconcileCronJob, withCreatedJob, CRONJOB_COMPONENT, type CronJobInput } from './cronjob-reconciler';
