/** The mock API's credentials (docs/DESIGN.md): public, they open nothing but the mock. */
export const MOCK_API_ID = 'mock-id';
export const MOCK_API_SECRET = 'mock-secret';
