/** Reference data of the demo: who buys, what, from where, with whom. */
export const CUSTOMERS = [
  { id: 'CUST-0001', name: 'Northwind Retail' },
  { id: 'CUST-0002', name: 'Contoso Hardware' },
  { id: 'CUST-0003', name: 'Fabrikam Foods' },
] as const;

export const PRODUCTS = [
  { sku: 'SKU-1001', description: 'Pallet rack upright', uom: 'EA' },
  { sku: 'SKU-1002', description: 'Stretch film 500mm', uom: 'RL' },
  { sku: 'SKU-1003', description: 'Canned tomatoes 24x400g', uom: 'CS' },
  { sku: 'SKU-1004', description: 'Cordless drill kit', uom: 'EA' },
  { sku: 'SKU-1005', description: 'Olive oil 6x1L', uom: 'CS' },
] as const;

export const WAREHOUSES = ['DC-EAST', 'DC-WEST', 'DC-SOUTH'] as const;

export const CARRIERS = [
  { scac: 'ODFL', name: 'Old Dominion Freight Line', mode: 'LTL' },
  { scac: 'FXFE', name: 'FedEx Freight', mode: 'LTL' },
  { scac: 'SNDR', name: 'Schneider National', mode: 'FTL' },
] as const;

export const CITIES = ['Rotterdam', 'Antwerp', 'Duisburg', 'Lyon', 'Milan', 'Warsaw', 'Madrid'] as const;

export const SOURCES = {
  erp: 'urn:erp:sap-prod',
  wms: (warehouseId: string) => `urn:wms:${warehouseId.toLowerCase()}`,
  tms: 'urn:tms:mercurygate',
  finance: 'urn:finance:oracle-ar',
} as const;
