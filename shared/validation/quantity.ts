/**
 * Validation reads quantities through the project's one parser (shared/nodes/quantity.ts), in the
 * shape its checks test: null when the string is not a quantity.
 */
import { parseQuantity as parseBaseUnits, QUANTITY_FORMAT_ERROR } from '../nodes/quantity';

/** The regex upstream's decoder names when a quantity does not parse. */
export const QUANTITY_REGEX_MESSAGE = QUANTITY_FORMAT_ERROR;

/** Parses a quantity (string or number) to base units, or null if malformed. */
export function parseQuantity(q: unknown): number | null {
  return parseBaseUnits(q) ?? null;
}
