export { CONTROLLER_REVISION_HASH_LABEL, controllerRevisionName, fnv32, hashControllerRevision } from './hash-controller-revision';
export { revisionRaw, sameRevisionData, templateOfRevision, templatePatch, type TemplatePatch } from './revision-data';
export {
  equalRevision,
  findEqualRevisions,
  maxRevision,
  newControllerRevision,
  nextRevision,
  ownedOrOrphan,
  resolveRevisionName,
  sortControllerRevisions,
} from './revisions';
