/** The secrets of the test runs (the template database's demo certificates are encrypted with the credential secret). */
export const TEST_JWT_SECRET = 'test-secret-0123456789-abcdefghijklmnop';
export const TEST_CREDENTIAL_SECRET = 'test-credential-secret-0123456789-abcdefgh';
