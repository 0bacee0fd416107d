// The monolith's public surface, for the end-to-end tests.
export { MonolithModule } from './monolith.module';
