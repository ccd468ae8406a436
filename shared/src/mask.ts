/** 13812341234 → 138****1234 (GB/T 35273 de-identification on screen). */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length)
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}

/** 110101195401011234 → 110***********1234 */
export function maskIdNumber(id: string): string {
  if (id.length < 7) return '*'.repeat(id.length)
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`
}
