export * from './facebook-emulator';
export * from './facebook-emulator.module';
