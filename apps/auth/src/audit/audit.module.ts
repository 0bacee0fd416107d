import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '../clock/clock.module';
import { AuditEvent } from './audit-event.entity';
import { AuditService } from './audit.service';

/** The append-only audit log. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent]), ClockModule],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
