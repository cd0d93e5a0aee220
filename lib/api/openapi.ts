import 'server-only';

import { TOKEN_SCOPES } from '../tokens/scopes';
import { API_BODY_LIMIT_BYTES } from './handler';
import { API_SCHEMAS, USERS_PAGE_DEFAULT, USERS_PAGE_MAX, type ApiSchemaName } from './schemas';
import { z } from './zod';

const REQUEST_SCHEMAS: ReadonlySet<ApiSchemaName> = new Set([
  'PinVerifyRequest',
  'NotificationRequest',
  'ApprovalRequest',
]);

type Json = Record<string, unknown>;

function component(name: ApiSchemaName): Json {
  const io = REQUEST_SCHEMAS.has(name) ? 'input' : 'output';
  const schema = z.toJSONSchema(API_SCHEMAS[name], { target: 'draft-2020-12', io }) as Json;
  // The document names its dialect once (OpenAPI 3.1's default is draft 2020-12).
  delete schema.$schema;
  // The API refuses fields a request does not name (422); the document says so.
  return REQUEST_SCHEMAS.has(name) ? { ...schema, additionalProperties: false } : schema;
}

const ref = (name: ApiSchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: ApiSchemaName, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});
const error = (description: string) => json('Error', description);

/** The error answers every authenticated operation can give. */
const COMMON_ERRORS = {
  '401': error('Missing, malformed, unknown, revoked or expired token, or its owner is no longer active.'),
  '403': error('The token lacks the scope, or its owner lost the permission behind it.'),
  '429': error('Too many requests for this token or address; see Retry-After.'),
  '503': error('The database is out of reach; see Retry-After.'),
};
const BODY_ERRORS = {
  '400': error('The body is not valid JSON.'),
  '413': error(`The body is larger than ${API_BODY_LIMIT_BYTES / 1024} KB.`),
  '415': error('The body is not application/json.'),
  '422': error('The body does not match the schema (wrong types, missing or unknown fields); see error.issues.'),
};
const userIdParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: "A user of the token owner's organization.",
  schema: { type: 'string', format: 'uuid' },
};
const notFoundError = { '404': error("No such user in the token owner's organization.") };

type Operation = { summary: string; scope: string[]; operation: Json };

function operation({ summary, scope, operation: rest }: Operation): Json {
  return {
    summary,
    description: `${summary}\n\nScope: ${scope.map((s) => `\`${s}\``).join(' or ')}.`,
    security: scope.map((s) => ({ bearer: [s] })),
    'x-scopes': scope,
    ...rest,
    responses: { ...(rest.responses as Json), ...COMMON_ERRORS },
  };
}

const body = (name: ApiSchemaName) => ({
  required: true,
  content: { 'application/json': { schema: ref(name) } },
});

/** The OpenAPI 3.1 document of `/api/v1`, generated from the same schemas that validate requests. */
export function openApiDocument(): Json {
  const components = Object.fromEntries(
    (Object.keys(API_SCHEMAS) as ApiSchemaName[]).map((name) => [name, component(name)]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Roster API',
      version: '1.0.0',
      description:
        "Read people and their availability, find who approves, verify caller PINs, send notifications and schedule reminders. Every request acts as the token's owner, within their organization, and never beyond what the owner may do at the time of the call.",
    },
    servers: [{ url: '/api/v1' }],
    components: {
      schemas: components,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: `A personal API token (rst_…) from Settings → API tokens. Scopes: ${TOKEN_SCOPES.join(', ')}.`,
        },
      },
    },
    paths: {
      '/me': {
        get: operation({
          summary: "The token's owner, organization and usable scopes",
          scope: ['profile:read'],
          operation: { operationId: 'getMe', responses: { '200': json('Me', 'The owner.') } },
        }),
      },
      '/users': {
        get: operation({
          summary: "The organization's users, by name, a page at a time",
          scope: ['users:read'],
          operation: {
            operationId: 'listUsers',
            parameters: [
              {
                name: 'q',
                in: 'query',
                description: 'Part of a name, email or username.',
                schema: { type: 'string', maxLength: 200 },
              },
              {
                name: 'available',
                in: 'query',
                description: 'true: only active users with status Online and not inside an away period now.',
                schema: { type: 'string', enum: ['true', 'false'] },
              },
              {
                name: 'limit',
                in: 'query',
                schema: { type: 'integer', minimum: 1, maximum: USERS_PAGE_MAX, default: USERS_PAGE_DEFAULT },
              },
              {
                name: 'cursor',
                in: 'query',
                description: 'nextCursor of the previous page.',
                schema: { type: 'string' },
              },
            ],
            responses: {
              '200': json('UserPage', 'One page.'),
              '400': error('A malformed query parameter or cursor.'),
            },
          },
        }),
      },
      '/users/{id}': {
        get: operation({
          summary: 'One user',
          scope: ['users:read'],
          operation: {
            operationId: 'getUser',
            parameters: [userIdParameter],
            responses: { '200': json('User', 'The user.'), ...notFoundError },
          },
        }),
      },
      '/users/{id}/availability': {
        get: operation({
          summary: 'Whether the user may receive automated work now, and if not, why',
          scope: ['availability:read'],
          operation: {
            operationId: 'getAvailability',
            parameters: [userIdParameter],
            responses: { '200': json('Availability', 'The availability.'), ...notFoundError },
          },
        }),
      },
      '/users/{id}/approver': {
        get: operation({
          summary: 'Who approves for the user now: the user, or their delegate while away',
          scope: ['availability:read', 'approvals:write'],
          operation: {
            operationId: 'getApprover',
            parameters: [userIdParameter],
            responses: { '200': json('Approver', 'The approver.'), ...notFoundError },
          },
        }),
      },
      '/pin/verify': {
        post: operation({
          summary: "Check a caller's PIN; a wrong one counts toward the lock",
          scope: ['pin:verify'],
          operation: {
            operationId: 'verifyPin',
            requestBody: body('PinVerifyRequest'),
            responses: {
              '200': json('PinVerifyResult', 'Whether the PIN is right.'),
              ...BODY_ERRORS,
              ...notFoundError,
              '409': error('The user has not set a PIN.'),
              '423': error('The PIN is locked after too many wrong attempts (the user has been told by email).'),
            },
          },
        }),
      },
      '/notifications': {
        post: operation({
          summary: 'Send a user a notification of a catalogue event',
          scope: ['notifications:write'],
          operation: {
            operationId: 'sendNotification',
            requestBody: body('NotificationRequest'),
            responses: {
              '202': json('NotificationResult', 'Accepted; the channels it went out on.'),
              ...BODY_ERRORS,
              ...notFoundError,
            },
          },
        }),
      },
      '/approvals': {
        post: operation({
          summary:
            "Ask for a user's approval; it goes to whoever approves for them now (with Approve and Reject links by mail when they chose it)",
          scope: ['approvals:write'],
          operation: {
            operationId: 'createApproval',
            requestBody: body('ApprovalRequest'),
            responses: {
              '201': json('ApprovalCreated', 'Created and sent to the approver.'),
              ...BODY_ERRORS,
              ...notFoundError,
            },
          },
        }),
      },
      '/approvals/{id}': {
        get: operation({
          summary: 'Where an approval request stands',
          scope: ['approvals:write'],
          operation: {
            operationId: 'getApproval',
            parameters: [
              {
                name: 'id',
                in: 'path',
                required: true,
                description: "An approval request of the token owner's organization.",
                schema: { type: 'string', format: 'uuid' },
              },
            ],
            responses: {
              '200': json('Approval', 'The request.'),
              '404': error("No such approval request in the token owner's organization."),
            },
          },
        }),
      },
      '/reminders': {
        post: operation({
          summary: "Remind a user before a task's deadline or a calendar event (the same key updates it)",
          scope: ['notifications:write'],
          operation: {
            operationId: 'setReminder',
            requestBody: body('ReminderRequest'),
            responses: {
              '200': json('ReminderResult', 'Scheduled: it goes out once, at sendAt, timed by the user’s lead time.'),
              ...BODY_ERRORS,
              ...notFoundError,
            },
          },
        }),
      },
      '/reminders/cancel': {
        post: operation({
          summary: 'Drop the reminder of a task or event (done or deleted)',
          scope: ['notifications:write'],
          operation: {
            operationId: 'cancelReminder',
            requestBody: body('ReminderCancelRequest'),
            responses: {
              '200': json('ReminderCancelResult', 'Dropped.'),
              ...BODY_ERRORS,
              ...notFoundError,
            },
          },
        }),
      },
    },
  };
}
