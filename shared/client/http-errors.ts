import { ApiError, type StatusReason } from '../api/errors';
import { isPlainObject } from '../api/object';
import { statusToError } from './store-result';

/**
 * The ApiError of a non-2xx response. A `kind: Status` body is taken as is; anything else (a proxy's
 * HTML, an empty body) gets client-go's generic reason and message for the code
 * (apimachinery errors.NewGenericServerResponse).
 */
export function responseError(code: number, method: string, bodyText: string): ApiError {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  if (isPlainObject(body) && body.kind === 'Status' && typeof body.code === 'number') {
    return statusToError(body as never);
  }
  const { reason, message } = generic(code, method, bodyText.trim());
  return new ApiError(code, reason, message, bodyText.trim() ? { causes: [{ reason: 'UnexpectedServerResponse', message: bodyText.trim() }] } : undefined);
}

function generic(code: number, method: string, serverMessage: string): { reason: StatusReason; message: string } {
  switch (code) {
    case 409:
      return { reason: method === 'POST' ? 'AlreadyExists' : 'Conflict', message: 'the server reported a conflict' };
    case 404:
      return { reason: 'NotFound', message: 'the server could not find the requested resource' };
    case 400:
      return { reason: 'BadRequest', message: 'the server rejected our request for an unknown reason' };
    case 401:
      return { reason: 'Unauthorized', message: 'the server has asked for the client to provide credentials' };
    case 403:
      // the server's message says who may not do what: keep it
      return { reason: 'Forbidden', message: serverMessage };
    case 405:
      return { reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource' };
    case 422:
      return { reason: 'Invalid', message: 'the server rejected our request due to an error in our request' };
    case 504:
      return { reason: 'Timeout', message: 'the server was unable to return a response in the time allotted, but may still be processing the request' };
    case 429:
      return { reason: 'TooManyRequests', message: 'the server has received too many requests and has asked us to try again later' };
  }
  const message = `the server responded with the status code ${code} but did not return more information`;
  if (code >= 500) return { reason: 'InternalError', message: `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding` };
  // upstream's StatusReasonUnknown is the empty reason
  return { reason: '' as StatusReason, message };
}
