import { Role } from '../../lib/identity/identity';
import type { PipelineContext } from './types';
import { Door, TransportKind } from './types';
import { useRoleGate } from './use-role-gate';

const gate = useRoleGate();
const decide = async (door: Door | undefined, role: Role) => {
  const context: PipelineContext = {
    request: { transport: TransportKind.Http, door, query: undefined },
    identity: { sub: 's', role, customerId: role === Role.Customer ? 'C' : null },
    variables: {},
  };
  const refusal = await gate.onRequest?.(context);
  return refusal ? `${refusal.status} ${String(refusal.errors[0].extensions?.code)}` : 'in';
};

describe('useRoleGate', () => {
  it.each([
    [Door.Graph, Role.Customer, 'in'],
    [Door.Graph, Role.ServiceRep, 'in'],
    [Door.Graph, Role.Integration, '403 FORBIDDEN'],
    [undefined, Role.Integration, '403 FORBIDDEN'],
    [Door.Ingest, Role.Integration, 'in'],
    [Door.Ingest, Role.Customer, '403 FORBIDDEN'],
    [Door.Ingest, Role.ServiceRep, '403 FORBIDDEN'],
    [Door.Operations, Role.ServiceRep, 'in'],
    [Door.Operations, Role.Customer, '403 FORBIDDEN'],
    [Door.Operations, Role.Integration, '403 FORBIDDEN'],
  ])('door %s, role %s: %s', async (door, role, expected) => {
    expect(await decide(door, role)).toBe(expected);
  });
});
