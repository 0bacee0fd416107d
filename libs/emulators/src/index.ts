export * from './facebook-emulator';
export * from './facebook-emulator.module';
export * from './google-emulator';
export * from './google-emulator.module';
