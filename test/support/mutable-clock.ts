import { Clock } from '../../apps/auth/src';

/** A clock tests can move forward; starts at the real time. */
export class MutableClock extends Clock {
  private offsetMs = 0;

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}
