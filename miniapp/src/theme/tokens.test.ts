import { TOKENS, contrastRatio, themeStyle } from './tokens'

describe('长辈模式 tokens meet the MIIT 适老化 numbers', () => {
  const elder = TOKENS.elder

  it('has body text ≥ 18, a largest size ≥ 30 and line spacing ≥ 1.3', () => {
    expect(elder.fontBody).toBeGreaterThanOrEqual(18)
    expect(elder.fontSmall).toBeGreaterThanOrEqual(18)
    expect(elder.fontLarge).toBeGreaterThanOrEqual(30)
    expect(elder.lineHeight).toBeGreaterThanOrEqual(1.3)
  })

  it('has main controls ≥ 60 and every control ≥ 44', () => {
    expect(elder.mainControl).toBeGreaterThanOrEqual(60)
    expect(elder.controlMin).toBeGreaterThanOrEqual(44)
  })

  it.each(['normal', 'elder'] as const)('keeps text contrast ≥ 4.5:1 in %s mode', (mode) => {
    const t = TOKENS[mode]
    for (const [fg, bg] of [
      [t.colorText, t.colorSurface],
      [t.colorText, t.colorPage],
      [t.colorMuted, t.colorSurface],
      [t.colorMuted, t.colorPage],
      [t.colorOnPrimary, t.colorPrimary],
      [t.colorPrimary, t.colorSurface],
      [t.colorDanger, t.colorSurface],
      [t.colorSuccess, t.colorSurface],
    ] as const) {
      expect(contrastRatio(fg, bg)).toBeGreaterThanOrEqual(4.5)
    }
  })

  it('grows every size over the normal set', () => {
    for (const key of ['fontSmall', 'fontBody', 'fontTitle', 'fontLarge', 'controlMin', 'mainControl'] as const) {
      expect(TOKENS.elder[key]).toBeGreaterThan(TOKENS.normal[key])
    }
  })

  it('computes contrast like WCAG', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5)
  })

  it('exposes the tokens as CSS variables', () => {
    expect(themeStyle('elder')['--font-body']).toBe('20px')
    expect(themeStyle('normal')['--main-control']).toBe('48px')
  })
})
