import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { environmentParsers, FeatureConfig } from '@app/common';

const { toInt } = environmentParsers;

/** The orders service's settings, validated at start-up by the processes that load it. */
@FeatureConfig()
export class OrdersConfig {
  /**
   * How long an order may stay unrecorded after its stock was asked for before the sweeper gives
   * its stock back: far above the 5 s an RPC may take, so only an order whose process died is swept.
   */
  @Transform(toInt)
  @IsInt({ message: 'PENDING_ORDER_TIMEOUT_SECONDS must be a whole number of seconds >= 15' })
  @Min(15, { message: 'PENDING_ORDER_TIMEOUT_SECONDS must be a whole number of seconds >= 15' })
  PENDING_ORDER_TIMEOUT_SECONDS = 60;
}
