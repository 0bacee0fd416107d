import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: an opaque token handed to a client. */
export const newOpaqueToken = (): string => randomBytes(32).toString('base64url');

/** What is stored instead of a token. */
export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');
