// Ports of upstream's printFlowSchema and printPriorityLevelConfiguration (pkg/printers/internalversion/printers.go).
import { AGE_COLUMN, NAME_COLUMN, column } from '../tables/columns';
import { age } from '../tables/timestamps';
import type { Printer } from '../tables/types';
import type { FlowSchema, PriorityLevelConfiguration } from './types';

/** Columns and cells for FlowSchema: NAME PRIORITYLEVEL MATCHINGPRECEDENCE DISTINGUISHERMETHOD AGE MISSINGPL. */
export const flowSchemaPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('PriorityLevel', 'string', { text: '`name` is the name of the priority level configuration being referenced Required.' }),
    column('MatchingPrecedence', 'string', {
      text: '`matchingPrecedence` is used to choose among the FlowSchemas that match a given request. The chosen FlowSchema is among those with the numerically lowest (which we take to be logically highest) MatchingPrecedence.  Each MatchingPrecedence value must be ranged in [1,10000]. Note that if the precedence is not specified, it will be set to 1000 as default.',
    }),
    column('DistinguisherMethod', 'string', {
      text: '`distinguisherMethod` defines how to compute the flow distinguisher for requests that match this schema. `nil` specifies that the distinguisher is disabled and thus will always be the empty string.',
    }),
    AGE_COLUMN,
    column('MissingPL', 'string', { text: 'references a broken or non-existent PriorityLevelConfiguration' }),
  ],
  print: (obj, now) => {
    const fs = obj as unknown as FlowSchema;
    const dangling = fs.status?.conditions?.find((c) => c.type === 'Dangling');
    return {
      cells: [
        fs.metadata?.name ?? '',
        fs.spec?.priorityLevelConfiguration?.name ?? '',
        fs.spec?.matchingPrecedence ?? 0,
        fs.spec?.distinguisherMethod?.type ?? '<none>',
        age(fs, now),
        dangling?.status ?? '?',
      ],
    };
  },
};

/** Columns and cells for PriorityLevelConfiguration: NAME TYPE NOMINALCONCURRENCYSHARES QUEUES HANDSIZE QUEUELENGTHLIMIT AGE. */
export const priorityLevelConfigurationPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', {
      text: '`type` indicates whether this priority level is subject to limitation on request execution.  A value of `"Exempt"` means that requests of this priority level are not subject to a limit (and thus are never queued) and do not detract from the capacity made available to other priority levels.  A value of `"Limited"` means that (a) requests of this priority level _are_ subject to limits and (b) some of the server\'s limited capacity is made available exclusively to this priority level. Required.',
    }),
    column('NominalConcurrencyShares', 'string', { text: '`nominalConcurrencyShares` (NCS) contributes to the computation of the NominalConcurrencyLimit (NominalCL) of this level.' }),
    column('Queues', 'string', { text: '`queues` is the number of queues for this priority level. The queues exist independently at each apiserver. The value must be positive.  Setting it to 1 effectively precludes shufflesharding and thus makes the distinguisher method of associated flow schemas irrelevant.  This field has a default value of 64.' }),
    column('HandSize', 'string', { text: '`handSize` is a small positive number that configures the shuffle sharding of requests into queues.' }),
    column('QueueLengthLimit', 'string', { text: '`queueLengthLimit` is the maximum number of requests allowed to be waiting in a given queue of this priority level at a time; excess requests are rejected.  This value must be positive.  If not specified, it will be defaulted to 50.' }),
    AGE_COLUMN,
  ],
  print: (obj, now) => {
    const pl = obj as unknown as PriorityLevelConfiguration;
    const limited = pl.spec?.limited;
    const q = limited?.limitResponse?.queuing;
    const none = '<none>';
    return {
      cells: [
        pl.metadata?.name ?? '',
        pl.spec?.type ?? '',
        limited ? (limited.nominalConcurrencyShares ?? 0) : none,
        q ? (q.queues ?? 0) : none,
        q ? (q.handSize ?? 0) : none,
        q ? (q.queueLengthLimit ?? 0) : none,
        age(pl, now),
      ],
    };
  },
};
