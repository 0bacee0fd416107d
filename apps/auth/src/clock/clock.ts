import { Injectable } from '@nestjs/common';

/**
 * The time every expiry decision uses. All timestamps are computed here and passed to SQL
 * (never the database's now()), so tests can move time by swapping this provider.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
