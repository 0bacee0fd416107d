import { Controller, Get, Request, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { PeerOrder } from './peer-order.entity';

@Controller('api/orders')
export class PeerOrdersController {
  constructor(@InjectRepository(PeerOrder) private readonly orders: Repository<PeerOrder>) {}

  /** The caller's newest 200 orders with their lines: a repository read with relations. */
  @Get()
  @UseGuards(AuthGuard('jwt'))
  list(@Request() request: { user: { userId: string } }) {
    return this.orders.find({
      where: { accountId: request.user.userId },
      relations: { items: true },
      order: { createdAt: 'DESC' },
      take: 200,
    });
  }
}
