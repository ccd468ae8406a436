import { FieldCipher, hashToken, newToken, randomDigits } from './crypto'

describe('FieldCipher', () => {
  const cipher = new FieldCipher(Buffer.alloc(32, 7))

  it('round-trips and never stores the plain text', () => {
    const sealed = cipher.encrypt('13812341234')
    expect(sealed).not.toContain('13812341234')
    expect(cipher.decrypt(sealed)).toBe('13812341234')
  })

  it('uses a fresh IV each time but a stable lookup hash', () => {
    expect(cipher.encrypt('a')).not.toBe(cipher.encrypt('a'))
    expect(cipher.lookupHash('a')).toBe(cipher.lookupHash('a'))
  })

  it('refuses a tampered ciphertext', () => {
    const sealed = cipher.encrypt('secret')
    const parts = sealed.split('.')
    parts[3] = Buffer.from('other').toString('base64url')
    expect(() => cipher.decrypt(parts.join('.'))).toThrow()
  })

  it('refuses a key of the wrong size', () => {
    expect(() => new FieldCipher(Buffer.alloc(16))).toThrow()
  })
})

describe('tokens', () => {
  it('are long, random and hashed one way', () => {
    const token = newToken()
    expect(token.length).toBeGreaterThanOrEqual(43)
    expect(newToken()).not.toBe(token)
    expect(hashToken(token)).not.toBe(token)
    expect(hashToken(token)).toBe(hashToken(token))
  })

  it('makes codes of the asked length', () => {
    expect(randomDigits(6)).toMatch(/^\d{6}$/)
  })
})
