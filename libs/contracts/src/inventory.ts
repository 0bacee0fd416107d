import { ApiProperty } from '@nestjs/swagger';
import { PlainText } from '@app/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SKU_MESSAGE = 'sku must be 1-64 letters, digits, dots, dashes or underscores';

export class CreateProductDto {
  @ApiProperty({ pattern: SKU_PATTERN.source, example: 'MUG-1' })
  @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  sku: string;

  @ApiProperty({ maxLength: 200, example: 'Mug' })
  @PlainText(200)
  name: string;

  @ApiProperty({ minimum: 0, maximum: 100_000_000, example: 1200 })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  priceCents: number;

  @ApiProperty({ minimum: 0, maximum: 1_000_000, example: 10 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  stock: number;
}

export class SkuRequest {
  @ApiProperty({ pattern: SKU_PATTERN.source, example: 'MUG-1' })
  @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  sku: string;
}

export class OrderLineDto {
  @ApiProperty({ pattern: SKU_PATTERN.source, example: 'MUG-1' })
  @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  sku: string;

  @ApiProperty({ minimum: 1, maximum: 1000, example: 2 })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity: number;
}

/** 1 to 50 order lines: what an order asks for and what a reservation sets aside. */
export class OrderLinesDto {
  @ApiProperty({ type: () => [OrderLineDto], minItems: 1, maxItems: 50 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items: OrderLineDto[];
}

export class ReserveRequest extends OrderLinesDto {
  @IsUUID()
  reservationId: string;
}

export class ReleaseRequest {
  @IsUUID()
  reservationId: string;
}

export interface ProductView {
  sku: string;
  name: string;
  priceCents: number;
  stock: number;
}

export interface ReservedLine {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}
