/** The configuration table of the README, as data: name, default, meaning, secret or not. */
export const CONFIG_VARIABLES = [
  {
    name: 'PORT',
    default: '3000',
    secret: false,
    meaning: 'HTTP port of the API and the web pages',
  },
  {
    name: 'DATABASE_URL',
    default: '(none)',
    secret: true,
    meaning: 'postgres://… of an external PostgreSQL; without it the embedded server starts',
  },
  {
    name: 'MIGRATION_DATABASE_URL',
    default: '(DATABASE_URL)',
    secret: true,
    meaning:
      'postgres://… of the role that owns the schema, for migrations; DATABASE_URL then names a role that may only read and write rows',
  },
  {
    name: 'DATA_DIR',
    default: './.data',
    secret: false,
    meaning: 'embedded PostgreSQL data and the generated JWT secret',
  },
  {
    name: 'EMBEDDED_PG_PORT',
    default: '54329',
    secret: false,
    meaning: 'port of the embedded PostgreSQL',
  },
  {
    name: 'SEED_DEMO',
    default: 'true (false with NODE_ENV=production)',
    secret: false,
    meaning: 'load the demo data into an empty database',
  },
  {
    name: 'ALLOW_DEMO_DATA',
    default: 'false',
    secret: false,
    meaning:
      'with NODE_ENV=production, start even though demo accounts (password "demo") or the demo certificate authority are in the database',
  },
  {
    name: 'JWT_SECRET',
    default: '(generated in DATA_DIR)',
    secret: true,
    meaning:
      'signing key of access tokens (at least 32 characters); required with NODE_ENV=production',
  },
  {
    name: 'CREDENTIAL_SECRET',
    default: '(generated in DATA_DIR)',
    secret: true,
    meaning:
      'encrypts the stored signing certificates (PKCS#12) and their passwords; at least 32 characters; required with NODE_ENV=production',
  },
  {
    name: 'JWT_EXPIRES_IN',
    default: '8h',
    secret: false,
    meaning:
      'lifetime of an access token (e.g. 30m, 8h, 3600 seconds); the absolute limit of a web session',
  },
  {
    name: 'WEB_SESSION_IDLE',
    default: '30m',
    secret: false,
    meaning:
      'a web session ends after this long without a request; each request renews it, up to JWT_EXPIRES_IN after signing in',
  },
  {
    name: 'TRUST_PROXY',
    default: 'none',
    secret: false,
    meaning:
      'proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: none, a number of hops, or addresses, CIDRs and loopback, linklocal, uniquelocal separated by commas',
  },
  {
    name: 'CHROMIUM_PATH',
    default: '/usr/bin/chromium',
    secret: false,
    meaning: 'Chromium used to render PDFs',
  },
  {
    name: 'LOG_LEVEL',
    default: 'log',
    secret: false,
    meaning: 'verbose, debug, log, warn or error',
  },
  {
    name: 'BODY_LIMIT',
    default: '1mb',
    secret: false,
    meaning: 'largest JSON body accepted (larger → 413)',
  },
  {
    name: 'UPLOAD_LIMIT',
    default: '5mb',
    secret: false,
    meaning: 'largest uploaded file (Excel workbook, PDF to verify); larger → 413',
  },
  {
    name: 'LOGIN_THROTTLE_LIMIT',
    default: '10',
    secret: false,
    meaning: 'sign-in attempts per client address and user name per window (web and API together)',
  },
  {
    name: 'LOGIN_THROTTLE_TTL',
    default: '60',
    secret: false,
    meaning: 'length of the login throttle window in seconds',
  },
  {
    name: 'LOGIN_ACCOUNT_LIMIT',
    default: '20',
    secret: false,
    meaning:
      'sign-in attempts per user name, from any address, per LOGIN_ACCOUNT_WINDOW; more → 429 with Retry-After until the window ends',
  },
  {
    name: 'LOGIN_ACCOUNT_WINDOW',
    default: '900',
    secret: false,
    meaning: 'length of the per-account sign-in window in seconds',
  },
  {
    name: 'DB_POOL_SIZE',
    default: '10',
    secret: false,
    meaning: 'PostgreSQL connections per process',
  },
  {
    name: 'RENDER_POOL_SIZE',
    default: '3',
    secret: false,
    meaning:
      'Chromium pages rendering PDFs at the same time; from 3 on, one is kept for issuing (previews never take the last one)',
  },
  {
    name: 'RENDER_QUEUE_LIMIT',
    default: '100',
    secret: false,
    meaning: 'renders waiting for a page; more → 429',
  },
  {
    name: 'RENDER_TIMEOUT_MS',
    default: '20000',
    secret: false,
    meaning: 'time limit of one render; past it → 503',
  },
  {
    name: 'RENDER_MAX_DOCS',
    default: '500',
    secret: false,
    meaning: 'documents rendered before the browser is replaced',
  },
  {
    name: 'RENDER_QUEUE_TIMEOUT_MS',
    default: '15000',
    secret: false,
    meaning: 'longest wait for a free page; past it → 503 with Retry-After',
  },
  {
    name: 'RENDER_MAX_PAGES',
    default: '300',
    secret: false,
    meaning: 'pages a document may have; longer → 422',
  },
  {
    name: 'WORKER_THREADS',
    default: '2',
    secret: false,
    meaning: 'worker threads parsing uploads (PDF to verify, Excel, signature images)',
  },
  {
    name: 'WORKER_TIMEOUT_MS',
    default: '20000',
    secret: false,
    meaning: 'time limit of one such job; past it → 422 and the thread is replaced',
  },
  {
    name: 'SMTP_URL',
    default: '(none: no e-mail)',
    secret: true,
    meaning:
      'smtp://user:password@host:587 or smtps://… of the mail server; without it no e-mail is sent (notifications stay in the app)',
  },
  {
    name: 'MAIL_FROM',
    default: '(none)',
    secret: false,
    meaning:
      'sender of every e-mail, e.g. "Báo cáo trẻ em <noreply@example.vn>"; required with SMTP_URL',
  },
  {
    name: 'PUBLIC_URL',
    default: '(none)',
    secret: false,
    meaning:
      'address people open the web app at (https://…); links in e-mails start with it; required with SMTP_URL',
  },
  {
    name: 'REMINDERS_CRON',
    default: '0 7 * * *',
    secret: false,
    meaning: 'when the deadline reminder and escalation pass runs (cron, Vietnam time), or off',
  },
  {
    name: 'DIGEST_CRON',
    default: '0 17 * * *',
    secret: false,
    meaning: 'when the daily e-mail digest is sent (cron, Vietnam time), or off',
  },
  {
    name: 'ORG_PKCS11_MODULE',
    default: '(none)',
    secret: false,
    meaning:
      "PKCS#11 module (.so) of the server-side organisation slot, the token holding the organisations' keys (each labelled by the unit's code) for units in approval signing mode; with ORG_PKCS11_TOKEN and ORG_PKCS11_PIN",
  },
  {
    name: 'ORG_PKCS11_TOKEN',
    default: '(none)',
    secret: false,
    meaning: "label of the organisation slot's token",
  },
  {
    name: 'ORG_PKCS11_PIN',
    default: '(none)',
    secret: true,
    meaning: "user PIN of the organisation slot's token",
  },
  {
    name: 'NODE_ENV',
    default: 'development',
    secret: false,
    meaning: 'development, test or production',
  },
] as const;
