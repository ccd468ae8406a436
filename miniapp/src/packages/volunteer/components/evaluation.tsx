/**
 * 评价情况 (issue 12 item 5 ★), owned by the staffing feature: what beneficiaries' 好差评 of the
 * volunteer-staffed services she served say, shown on 我的志愿 (profile page mounts it).
 */
export function Evaluation() {
  return null
}
