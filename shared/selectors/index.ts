export type { LabelOperator, LabelRequirement } from './label-requirement';
export { requirementToString, requirementsToString } from './label-requirement';
export { parseLabelSelector } from './parse-label-selector';
export { labelSelectorFromObject, labelSelectorToString, matchesLabels } from './label-selector-object';
export type { FieldRequirement } from './field-selector';
export {
  escapeFieldValue,
  fieldSelectorToString,
  matchesFields,
  parseFieldSelector,
  unescapeFieldValue,
} from './field-selector';
export { convertFieldLabel, fieldGetterFor, fieldsForObject } from './field-labels';
