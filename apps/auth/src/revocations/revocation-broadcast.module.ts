import { Module } from '@nestjs/common';
import { RevocationBroadcaster } from './revocation-broadcaster';

/** Loaded by the split auth app when TRANSPORT=nats (the monolith's services read the feed in-process). */
@Module({ providers: [RevocationBroadcaster] })
export class RevocationBroadcastModule {}
