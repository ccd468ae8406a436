import type { Meeting } from '@linli/shared'

/**
 * Those present against a meeting's quorum, in words (colour is never the only cue). Once the
 * meeting has ended nobody more can arrive: "还差 N 人" would read as if it still could be reached.
 */
export function quorumWords(quorum: Meeting['quorum'], present: number, ended: boolean): string {
  const { total, required } = quorum.headcount
  const short = ended ? `未达到法定人数（须 ${required} 人）` : `达到法定人数还差 ${Math.max(0, required - present)} 人（须 ${required} 人）`
  return `到会 ${present} 人 / ${total} 人，${quorum.quorumMet ? '已达到法定人数' : short}`
}
