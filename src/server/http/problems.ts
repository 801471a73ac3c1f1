// Errors as application/problem+json (RFC 9457) with a stable `type` per kind of problem.
// Fastify's own errors (bad JSON, schema failures, body too large, wrong media type) are
// mapped to the same documents, so a client never sees any other error shape.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { problemCatalogue, problemType, type Problem } from '../../contract/problems.js';
import { ServiceError } from '../services/errors.js';

export function problemDocument(error: ServiceError, instance?: string): Problem {
  return { type: problemType(error.slug), title: error.title, status: problemCatalogue[error.slug].status, detail: error.detail, ...(instance === undefined ? {} : { instance }), ...error.extensions };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: ServiceError): FastifyReply {
  const document = problemDocument(error, request.url.split('?')[0]);
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  if (document.status === 401) reply.header('www-authenticate', 'Bearer realm="mwkit"');
  return reply.code(document.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(document));
}

/** What a refused body's route accepts, for the 413 message. */
export interface BodyLimitHint {
  bytes: number;
  /** Who sets the limit and how, e.g. the server's start option. */
  setBy?: string;
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && value % 1024 === 0 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value} ${units[unit]}`;
}

function tooLarge(limit: BodyLimitHint | undefined): ServiceError {
  const accepts = limit ? `larger than ${formatBytes(limit.bytes)}, the most this endpoint accepts` : 'larger than this endpoint accepts';
  const setBy = limit?.setBy ? ` ${limit.setBy}` : '';
  return new ServiceError('payload-too-large', 'Request body too large', `The request body is ${accepts}.${setBy}`);
}

/** Any error a route or fastify raised, as a ServiceError. */
export function toServiceError(error: unknown, bodyLimit?: BodyLimitHint): ServiceError {
  if (error instanceof ServiceError) return error;
  const fastifyError = error as Partial<FastifyError> & { validation?: ValidationItem[]; validationContext?: string };
  if (fastifyError.validation) return validationProblem(fastifyError.validation, fastifyError.validationContext ?? 'request');
  switch (fastifyError.code) {
    case 'SQLITE_FULL':
    case 'ENOSPC':
      return new ServiceError('storage-full', 'Storage full', "The environment's disk is full; nothing was changed. Free some space and try again.");
    case 'SQLITE_BUSY':
      return new ServiceError('busy', 'Busy', "Another process holds the environment's database; nothing was changed. Try again shortly.", {}, { 'retry-after': '1' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return tooLarge(bodyLimit);
    case 'FST_ERR_BAD_URL':
      return new ServiceError('invalid-request', 'Malformed URL', "The URL's path is not valid percent-encoded UTF-8: encode each byte as %XX of a UTF-8 sequence.", {
        errors: [{ pointer: '/path', message: 'invalid percent-encoding' }],
      });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ServiceError('uri-too-long', 'Path segment too long', "A segment of the URL's path is longer than any name or key this API takes.");
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ServiceError(
        'unsupported-media-type',
        'Unsupported media type',
        'The request body has a media type this endpoint does not take: JSON bodies are application/json, packages application/zip.',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ServiceError('invalid-request', 'Empty JSON body', 'The body is empty but declared as application/json: send a JSON document, or no Content-Type.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ServiceError('invalid-request', 'Invalid Content-Length', "The request's Content-Length does not match its body.");
  }
  if (fastifyError.statusCode === 400) {
    return new ServiceError('invalid-request', 'Malformed request', `The request body is not valid JSON: ${fastifyError.message ?? 'it cannot be parsed'}.`, {
      errors: [{ pointer: '/body', message: fastifyError.message ?? 'invalid JSON' }],
    });
  }
  if (fastifyError.statusCode === 413) return tooLarge(bodyLimit);
  if (fastifyError.statusCode === 415) return new ServiceError('unsupported-media-type', 'Unsupported media type', fastifyError.message ?? 'Unsupported media type.');
  return new ServiceError('internal', 'Internal error', 'The environment failed to handle the request; its log has the details.');
}

export interface ValidationItem {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** A JSON Schema type as a reader says it. */
const typeWords: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'null',
  object: 'an object',
  array: 'a list',
};

function typeList(type: unknown): string {
  const words = String(type)
    .split(',')
    .map((name) => typeWords[name] ?? name);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words[0]!;
}

/** A schema's failures as `{ pointer, message }` each, pointers from the request part (`/body/…`, `/query/…`). */
export function validationErrors(items: readonly ValidationItem[], context: string): Array<{ pointer: string; message: string }> {
  const where = context === 'querystring' ? 'query' : context;
  return items.map((item) => {
    const pointer = `/${where}${item.instancePath}`;
    const subject = (path: string) => (path ? `\`${path.slice(1).replace(/\//g, '.')}\`` : `the ${where}`);
    switch (item.keyword) {
      case 'additionalProperties': {
        const name = String(item.params.additionalProperty);
        return { pointer: `${pointer}/${name}`, message: `Unknown ${where === 'query' ? 'query parameter' : 'property'} \`${name}\`.` };
      }
      case 'required': {
        const name = String(item.params.missingProperty);
        return { pointer: `${pointer}/${name}`, message: `${subject(`${item.instancePath}/${name}`)} is missing: it is required.` };
      }
      case 'type':
        return { pointer, message: `${subject(item.instancePath)} must be ${typeList(item.params.type)}.` };
      case 'enum':
        return { pointer, message: `${subject(item.instancePath)} must be one of ${(item.params.allowedValues as unknown[]).join(', ')}.` };
      default:
        return { pointer, message: `${subject(item.instancePath)} ${item.message ?? 'is invalid'}.` };
    }
  });
}

function validationProblem(items: readonly ValidationItem[], context: string): ServiceError {
  const errors = validationErrors(items, context);
  return new ServiceError('invalid-request', 'Invalid request', errors.map((e) => e.message).join(' '), { errors });
}

/** Refusals the HTTP parser makes before fastify sees a request (see http/limits.ts). */
export function clientErrorProblem(code: string | undefined): ServiceError {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ServiceError('request-timeout', 'Request timeout', 'The request did not arrive in time: send the headers and body without pausing.');
    case 'HPE_HEADER_OVERFLOW':
      return new ServiceError('headers-too-large', 'Request headers too large', 'The URL and headers together are larger than this environment accepts (16 KiB): shorten the URL or query.');
    default:
      return new ServiceError('invalid-request', 'Malformed request', 'The request is not valid HTTP/1.1.');
  }
}
