import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { OrderLinesDto } from './inventory';

export class CreateOrderDto extends OrderLinesDto {}

export class OrderIdRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export interface OrderView {
  id: string;
  status: string;
  items: Array<{ sku: string; quantity: number; unitPriceCents: number }>;
  totalCents: number;
  createdAt: string;
}
