/**
 * The time the application acts at. Services that stamp or compare times take a Clock instead of
 * calling `new Date()`, so that a test can move time (reminders, deadlines) and the demo history can
 * be played at the dates it happened. Provided once for the whole application (AppModule).
 */
export abstract class Clock {
  abstract now(): Date;
}

/** The machine's time: what a running server uses. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock set by its owner (tests, the demo history): stays where it was put until moved. */
export class SettableClock extends Clock {
  private at: number;

  constructor(start: Date | string = new Date()) {
    super();
    this.at = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(to: Date | string): void {
    this.at = new Date(to).getTime();
  }

  advance(ms: number): void {
    this.at += ms;
  }
}
