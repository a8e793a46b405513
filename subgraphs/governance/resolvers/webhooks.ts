import { randomBytes } from 'node:crypto';
import { NotFoundError, UserInputError, ForbiddenError } from '../../../lib/errors';
import { isEventType } from '../../../lib/events/types';
import { paginate } from '../../../lib/graphql/connection';
import type { Identity } from '../../../lib/identity/identity';
import { Role, canSeeCustomer, requireIdentity, requireRole } from '../../../lib/identity/identity';
import type { GovernanceContext } from '../context';
import { requireServiceRep } from './require-service-rep';
import { generateSecret } from '../webhooks/signature';
import { TargetRefused, checkTargetUrl, resolveTarget } from '../webhooks/target-guard';
import type { WebhookDelivery, WebhookEndpoint } from '../webhooks/webhook-records';
import { isDisabled } from '../webhooks/webhook-records';
import type { WebhookService } from '../webhooks/webhook-service';
import { memberId } from '../webhooks/keys';

const MAX_FILTER_ITEMS = 100;

interface EndpointInput {
  url: string;
  customerId?: string | null;
  eventTypes?: string[] | null;
  statuses?: string[] | null;
  shipmentIds?: string[] | null;
  description?: string | null;
}

function service(context: GovernanceContext): WebhookService {
  if (!context.webhooks) throw new Error('webhook delivery is not running in this process');
  return context.webhooks;
}

/** Customers and service reps manage endpoints; integrations only post events. */
function manager(context: GovernanceContext): Identity {
  const identity = requireIdentity(context.identity);
  requireRole(identity, Role.Customer, Role.ServiceRep);
  return identity;
}

/** The tenant rule of subscriptions: a customer's own endpoints only; another's looks missing. */
function mayManage(identity: Identity, endpoint: WebhookEndpoint): boolean {
  return identity.role === Role.ServiceRep || (endpoint.customerId !== null && canSeeCustomer(identity, endpoint.customerId));
}

async function visibleEndpoint(context: GovernanceContext, id: string): Promise<WebhookEndpoint> {
  const identity = manager(context);
  const endpoint = await service(context).store.endpoint(id);
  if (!endpoint || !mayManage(identity, endpoint)) throw new NotFoundError('webhook endpoint', id);
  return endpoint;
}

function list(name: string, values: string[] | null | undefined): string[] {
  const items = [...new Set(values ?? [])];
  if (items.length > MAX_FILTER_ITEMS) throw new UserInputError(`${name} takes at most ${MAX_FILTER_ITEMS} values`);
  return items;
}

function deliveriesPage(
  webhooks: WebhookService,
  range: (after: string | undefined, first: number) => Promise<string[]>,
  total: () => Promise<number>,
  first: number,
  after?: string | null,
) {
  const load = async (members: string[]) => webhooks.store.deliveries(members.map(memberId));
  return paginate<WebhookDelivery>({ range, load, total }, first, after);
}

export const webhookQueries = {
  async webhookEndpoints(_: unknown, _args: unknown, context: GovernanceContext) {
    const identity = manager(context);
    return (await service(context).store.endpoints()).filter((e) => mayManage(identity, e));
  },
  async webhookDeliveries(_: unknown, args: { endpointId: string; first: number; after?: string | null }, context: GovernanceContext) {
    const endpoint = await visibleEndpoint(context, args.endpointId);
    const webhooks = service(context);
    return deliveriesPage(
      webhooks,
      (after, first) => webhooks.store.deliveryMembers(endpoint.id, after, first),
      () => webhooks.store.deliveryCount(endpoint.id),
      args.first,
      args.after,
    );
  },
  deadWebhookDeliveries(_: unknown, args: { first: number; after?: string | null }, context: GovernanceContext) {
    requireServiceRep(context);
    const webhooks = service(context);
    return deliveriesPage(
      webhooks,
      (after, first) => webhooks.store.deadMembers(after, first),
      () => webhooks.store.deadCount(),
      args.first,
      args.after,
    );
  },
};

export const webhookMutations = {
  async createWebhookEndpoint(_: unknown, { input }: { input: EndpointInput }, context: GovernanceContext) {
    const identity = manager(context);
    const webhooks = service(context);
    let customerId: string | null;
    if (identity.role === Role.Customer) {
      if (input.customerId && input.customerId !== identity.customerId)
        throw new ForbiddenError('a customer registers endpoints for its own shipments only');
      customerId = identity.customerId;
    } else {
      customerId = input.customerId ?? null;
    }
    const allowPrivate = webhooks.settings.allowPrivateTargets;
    try {
      await resolveTarget(checkTargetUrl(input.url, webhooks.settings), allowPrivate);
    } catch (error) {
      if (error instanceof TargetRefused) throw new UserInputError(`url refused: ${error.message}`);
      throw error;
    }
    const eventTypes = list('eventTypes', input.eventTypes);
    const unknown = eventTypes.find((t) => !isEventType(t));
    if (unknown) throw new UserInputError(`eventTypes: "${unknown}" is not a canonical event type`);
    const endpoint: WebhookEndpoint = {
      id: `we_${randomBytes(8).toString('hex')}`,
      url: input.url,
      customerId,
      eventTypes,
      statuses: list('statuses', input.statuses),
      shipmentIds: list('shipmentIds', input.shipmentIds),
      description: input.description ?? null,
      secret: generateSecret(),
      createdBy: identity.sub,
      createdAt: new Date().toISOString(),
    };
    await webhooks.store.addEndpoint(endpoint);
    return { endpoint, secret: endpoint.secret };
  },
  async deleteWebhookEndpoint(_: unknown, args: { id: string }, context: GovernanceContext) {
    const endpoint = await visibleEndpoint(context, args.id);
    await service(context).store.removeEndpoint(endpoint.id);
    return true;
  },
  async enableWebhookEndpoint(_: unknown, args: { id: string }, context: GovernanceContext) {
    const endpoint = await visibleEndpoint(context, args.id);
    const webhooks = service(context);
    const enabled = await webhooks.store.enableEndpoint(endpoint.id);
    // Deleted between the read and the update: the field is non-null.
    if (!enabled) throw new NotFoundError('webhook endpoint', args.id);
    webhooks.dispatcher.wake();
    return enabled;
  },
  async redeliverWebhook(_: unknown, args: { deliveryId: string }, context: GovernanceContext) {
    requireServiceRep(context);
    const webhooks = service(context);
    const [delivery] = await webhooks.store.deliveries([args.deliveryId]);
    if (!delivery) throw new NotFoundError('webhook delivery', args.deliveryId);
    if (!(await webhooks.store.endpoint(delivery.endpointId)))
      throw new UserInputError(`the endpoint of delivery ${args.deliveryId} was deleted`);
    const queued = await webhooks.store.redeliver(args.deliveryId);
    // Gone between the read and the redelivery (its endpoint deleted meanwhile): the field is non-null.
    if (!queued) throw new NotFoundError('webhook delivery', args.deliveryId);
    webhooks.dispatcher.wake();
    return queued;
  },
};

export const WebhookEndpointNode = {
  paused: (endpoint: WebhookEndpoint, _: unknown, context: GovernanceContext) => service(context).dispatcher.circuitOpen(endpoint.id),
  disabled: (endpoint: WebhookEndpoint) => isDisabled(endpoint),
  disabledAt: (endpoint: WebhookEndpoint) => endpoint.disabledAt ?? null,
  disabledReason: (endpoint: WebhookEndpoint) => endpoint.disabledReason ?? null,
};

export const WebhookDeliveryNode = {
  nextAttemptAt: (delivery: WebhookDelivery) => (delivery.status === 'PENDING' ? delivery.nextAttemptAt : null),
};
