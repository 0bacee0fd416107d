import { Controller, Get, NotFoundException, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@app/security';
import { FacebookSettings } from '../facebook-settings';

/** Mounts the emulator's dialog on the app's own origin, for the browser. Absent with a real app. */
@Controller('_facebook')
@Public()
export class FacebookEmulatorController {
  constructor(private readonly settings: FacebookSettings) {}

  @Get('dialog/oauth')
  dialog(@Req() req: Request, @Res() res: Response): void {
    this.emulator().renderDialog(req, res);
  }

  @Post('dialog/oauth')
  decide(@Req() req: Request, @Res() res: Response): void {
    this.emulator().handleDecision(req, res);
  }

  private emulator() {
    if (!this.settings.emulator) throw new NotFoundException();
    return this.settings.emulator;
  }
}
