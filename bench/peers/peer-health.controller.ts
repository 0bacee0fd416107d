import { Controller, Get } from '@nestjs/common';

@Controller('health')
export class PeerHealthController {
  @Get()
  health() {
    return { status: 'ok' };
  }
}
