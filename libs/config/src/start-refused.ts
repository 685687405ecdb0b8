/**
 * The server will not start, for a reason an operator must act on (said in one sentence, printed
 * as it is, without a stack trace): e.g. demo data in a production database.
 */
export class StartRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartRefused';
  }
}
