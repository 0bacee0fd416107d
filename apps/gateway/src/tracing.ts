// Loaded first by main.ts: tracing must instrument HTTP, Express and pg before anything requires them.
import { startTracing } from '@app/common/tracing/start-tracing';

startTracing('gateway');
