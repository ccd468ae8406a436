import { quorumWords } from './quorum-words'

const quorum = (met: boolean) => ({ quorumMet: met, headcount: { counted: 12, total: 40, required: 21 }, basis: '居民会议：过半数出席' })

describe('a meeting quorum in words', () => {
  it('says how many are still needed while people can arrive, and only the outcome once it has ended', () => {
    expect(quorumWords(quorum(false), 12, false)).toBe('到会 12 人 / 40 人，达到法定人数还差 9 人（须 21 人）')
    expect(quorumWords(quorum(false), 12, true)).toBe('到会 12 人 / 40 人，未达到法定人数（须 21 人）')
    expect(quorumWords(quorum(true), 22, true)).toBe('到会 22 人 / 40 人，已达到法定人数')
  })
})
