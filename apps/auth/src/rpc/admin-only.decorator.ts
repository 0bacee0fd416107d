import { applyDecorators, UseGuards } from '@nestjs/common';
import { Roles } from '@app/security';
import { ROLES } from '@app/contracts';
import { LiveSessionGuard } from '../me/live-session.guard';

/** An admin pattern: the caller holds `admin`, in a session that is still live (not merely a valid token). */
export const AdminOnly = () => applyDecorators(Roles(ROLES.admin), UseGuards(LiveSessionGuard));
