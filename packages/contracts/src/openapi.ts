import { z } from 'zod';
import { Decision, DecisionAccepted, DecisionRequest, FeedbackAccepted, FeedbackInput } from './decision';
import { NpcIntentions, WorldEvent, WorldEventInput } from './agent';
import { ErrorBody } from './errors';
import { HealthReport } from './health';
import { Npc, NpcInput } from './npc';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' });

const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const error = (description: string) => ({ description, content: json('Error') });
const errors = {
  '400': error('bad input; `error.field` names the field'),
  '401': error('missing or unknown API key'),
  '413': error('body too large'),
  '429': error("over the key's rate limit"),
  '503': error('not ready: Redis or PostgreSQL unreachable'),
};
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

/** The OpenAPI 3.1 document served at `GET /openapi.json`, generated from the contract schemas. */
export function buildOpenApi(version = '0.1.0') {
  return {
    openapi: '3.1.0',
    info: { title: 'npc-brain decision API', version },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        DecisionRequest: schema(DecisionRequest, 'input'),
        Decision: schema(Decision),
        DecisionAccepted: schema(DecisionAccepted),
        NpcInput: schema(NpcInput, 'input'),
        Npc: schema(Npc),
        FeedbackInput: schema(FeedbackInput, 'input'),
        FeedbackAccepted: schema(FeedbackAccepted),
        Health: schema(HealthReport),
        WorldEventInput: schema(WorldEventInput, 'input'),
        WorldEvent: schema(WorldEvent),
        NpcIntentions: schema(NpcIntentions),
        Error: schema(ErrorBody),
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/v1/decisions': {
        post: {
          summary: 'Ask for a decision',
          requestBody: { required: true, content: json('DecisionRequest') },
          responses: {
            '200': { description: 'the decision', content: json('Decision') },
            '202': { description: 'accepted (`wait: false`); poll GET', content: json('DecisionAccepted') },
            '404': error('unknown NPC'),
            ...errors,
          },
        },
      },
      '/v1/decisions/{decisionId}': {
        get: {
          summary: 'A decision again',
          parameters: [idParam('decisionId')],
          responses: {
            '200': { description: 'the decision', content: json('Decision') },
            '202': { description: 'still pending', content: json('DecisionAccepted') },
            '404': error('unknown decision'),
            ...errors,
          },
        },
      },
      '/v1/decisions/{decisionId}/feedback': {
        post: {
          summary: 'How a decision went',
          parameters: [idParam('decisionId')],
          requestBody: { required: true, content: json('FeedbackInput') },
          responses: { '201': { description: 'recorded', content: json('FeedbackAccepted') }, '404': error('unknown decision'), ...errors },
        },
      },
      '/v1/npcs/{id}': {
        put: {
          summary: 'Register or update an NPC',
          parameters: [idParam('id')],
          requestBody: { required: true, content: json('NpcInput') },
          responses: { '200': { description: 'the NPC', content: json('Npc') }, ...errors },
        },
        get: {
          summary: 'A registered NPC',
          parameters: [idParam('id')],
          responses: { '200': { description: 'the NPC', content: json('Npc') }, '404': error('unknown NPC'), ...errors },
        },
      },
      '/v1/events': {
        post: {
          summary: 'Record a world event as shared knowledge (admin key)',
          requestBody: { required: true, content: json('WorldEventInput') },
          responses: { '201': { description: 'recorded', content: json('WorldEvent') }, '403': error('not an admin key'), ...errors },
        },
        get: { summary: 'Active world events', responses: { '200': { description: '{ events: WorldEvent[] }' }, ...errors } },
      },
      '/v1/npcs/{id}/intentions': {
        get: {
          summary: 'The leases an NPC holds',
          parameters: [idParam('id')],
          responses: { '200': { description: 'its intentions', content: json('NpcIntentions') }, '404': error('unknown NPC'), ...errors },
        },
      },
      '/v1/costs': {
        get: {
          summary: 'LLM spend by provider, model and NPC for a budget day; budget and remaining (admin key)',
          parameters: [{ name: 'day', in: 'query', required: false, schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } }],
          responses: { '200': { description: '{ day, budget, ledger }' }, '403': error('not an admin key'), ...errors },
        },
      },
      '/health/live': { get: { security: [], summary: 'process up', responses: { '200': { description: 'up', content: json('Health') } } } },
      '/health/ready': {
        get: {
          security: [],
          summary: 'Redis and PostgreSQL reachable, queues accepting work',
          responses: { '200': { description: 'ready', content: json('Health') }, '503': { description: 'not ready', content: json('Health') } },
        },
      },
      '/metrics': { get: { security: [], summary: 'Prometheus metrics', responses: { '200': { description: 'text exposition format' } } } },
    },
  };
}
