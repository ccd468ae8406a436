/**
 * Design tokens: one normal set and one 长辈模式 set. Every page reads them as CSS variables
 * (see `themeStyle`), so elder mode is a theme, not a separate app.
 *
 * Elder numbers follow MIIT 《移动互联网应用(APP)适老化通用设计规范》(2021): body ≥ 18, largest ≥ 30,
 * line spacing ≥ 1.3, contrast ≥ 4.5:1, main controls ≥ 60×60, other controls ≥ 44×44.
 * Sizes are CSS px (pxtransform is off in config/index.ts).
 */
export interface Tokens {
  fontSmall: number
  fontBody: number
  fontTitle: number
  fontLarge: number
  lineHeight: number
  /** Minimum height and width of any tappable control. */
  controlMin: number
  /** Buttons that carry the page's main action. */
  mainControl: number
  space: number
  radius: number
  colorText: string
  colorMuted: string
  colorPrimary: string
  colorOnPrimary: string
  colorSurface: string
  colorPage: string
  colorBorder: string
  colorDanger: string
  colorSuccess: string
}

export type ThemeMode = 'normal' | 'elder'

export const TOKENS: Record<ThemeMode, Tokens> = {
  normal: {
    fontSmall: 13,
    fontBody: 16,
    fontTitle: 20,
    fontLarge: 24,
    lineHeight: 1.5,
    controlMin: 44,
    mainControl: 48,
    space: 12,
    radius: 8,
    colorText: '#1f1f1f',
    colorMuted: '#595959',
    colorPrimary: '#b4361f',
    colorOnPrimary: '#ffffff',
    colorSurface: '#ffffff',
    colorPage: '#f6f3ee',
    colorBorder: '#d9d4cc',
    colorDanger: '#b00020',
    colorSuccess: '#1e6b34',
  },
  elder: {
    fontSmall: 18,
    fontBody: 20,
    fontTitle: 26,
    fontLarge: 30,
    lineHeight: 1.6,
    controlMin: 52,
    mainControl: 64,
    space: 16,
    radius: 10,
    colorText: '#000000',
    colorMuted: '#333333',
    colorPrimary: '#9c2a14',
    colorOnPrimary: '#ffffff',
    colorSurface: '#ffffff',
    colorPage: '#f6f3ee',
    colorBorder: '#8c857b',
    colorDanger: '#8f0018',
    colorSuccess: '#135225',
  },
}

/** The tokens as CSS custom properties for a page's root view. */
export function themeStyle(mode: ThemeMode): Record<string, string> {
  const t = TOKENS[mode]
  return {
    '--font-small': `${t.fontSmall}px`,
    '--font-body': `${t.fontBody}px`,
    '--font-title': `${t.fontTitle}px`,
    '--font-large': `${t.fontLarge}px`,
    '--line-height': String(t.lineHeight),
    '--control-min': `${t.controlMin}px`,
    '--main-control': `${t.mainControl}px`,
    '--space': `${t.space}px`,
    '--radius': `${t.radius}px`,
    '--color-text': t.colorText,
    '--color-muted': t.colorMuted,
    '--color-primary': t.colorPrimary,
    '--color-on-primary': t.colorOnPrimary,
    '--color-surface': t.colorSurface,
    '--color-page': t.colorPage,
    '--color-border': t.colorBorder,
    '--color-danger': t.colorDanger,
    '--color-success': t.colorSuccess,
  }
}

function channel(value: number): number {
  const c = value / 255
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16)
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255)
}

/** WCAG 2 contrast ratio between two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}
