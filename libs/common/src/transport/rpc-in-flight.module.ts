import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { RpcInFlightInterceptor } from './rpc-in-flight.interceptor';

/** Counts the RPC handlers running, for the draining servers to wait on at shutdown. */
@Module({ providers: [{ provide: APP_INTERCEPTOR, useClass: RpcInFlightInterceptor }] })
export class RpcInFlightModule {}
