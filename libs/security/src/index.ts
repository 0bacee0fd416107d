export * from './access-token-claims';
export * from './access-token-verifier';
export * from './bearer-token';
