import { loadConfig } from '../config';
import { explainPortInUse, PortInUseError } from './port-in-use';

describe('the port-in-use message', () => {
  const config = loadConfig({});

  it('names the setting of the taken port and moves every port of the stack, so a second npm start can follow it', () => {
    const message = explainPortInUse(new PortInUseError('127.0.0.1', 4001), config);
    expect(message).toContain('port 4001 on 127.0.0.1 is already in use (LADING_ORDERS_PORT)');
    expect(message).toContain(
      'LADING_GATEWAY_PORT=4100 LADING_ORDERS_PORT=4101 LADING_WAREHOUSE_PORT=4102 LADING_TRANSPORT_PORT=4103 LADING_FINANCE_PORT=4104 LADING_GOVERNANCE_PORT=4105 npm start',
    );
  });

  it('follows the configured ports', () => {
    const moved = loadConfig({ LADING_GATEWAY_PORT: '5000', LADING_FINANCE_PORT: '5004' });
    const message = explainPortInUse(new PortInUseError('0.0.0.0', 5004), moved);
    expect(message).toContain('(LADING_FINANCE_PORT)');
    expect(message).toContain('LADING_GATEWAY_PORT=5100 LADING_ORDERS_PORT=4101');
    expect(message).toContain('LADING_FINANCE_PORT=5104 LADING_GOVERNANCE_PORT=4105 npm start');
  });

  it('says only what it knows for a port no setting chose', () => {
    expect(explainPortInUse(new PortInUseError('127.0.0.1', 9999), config)).toBe(
      'port 9999 on 127.0.0.1 is already in use: stop the process using it or choose another port',
    );
  });
});
