import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { FacebookConfig } from './facebook.config';

/**
 * AES-256-GCM for the long-lived Facebook token, only when FACEBOOK_TOKEN_KEY is set; without
 * the key only the token's hash is kept. Format: v1.<iv>.<ciphertext>.<tag> (base64url).
 */
@Injectable()
export class FacebookTokenCipher {
  private readonly key?: Buffer;

  constructor(config: FacebookConfig) {
    const raw = config.FACEBOOK_TOKEN_KEY;
    if (raw) this.key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  }

  get enabled(): boolean {
    return this.key !== undefined;
  }

  encrypt(token: string, associatedData: string): string | null {
    if (!this.key) return null;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    return ['v1', iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** `associatedData` binds the ciphertext to its row: a ciphertext moved to another login fails. */
  decrypt(sealed: string, associatedData: string): string {
    if (!this.key) throw new Error('FACEBOOK_TOKEN_KEY is not set');
    const [version, iv, ciphertext, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || !ciphertext || !tag) throw new Error('unknown token format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
