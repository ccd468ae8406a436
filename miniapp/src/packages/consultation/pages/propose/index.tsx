import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { TOPIC_DESCRIPTION_MAX_LENGTH, TOPIC_LINKS_MAX, TOPIC_LINK_MAX_LENGTH, TOPIC_TITLE_MAX_LENGTH } from '@linli/shared'
import { useState } from 'react'
import { topicsApi } from '../../api/topics'
import { Page } from '../../../../components/page'
import { Empty, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'

/** 提出议题: a category from the community's 协商目录, a title, what and why, and links to photos or documents. */
export default function ProposePage() {
  const { communityId } = useAppState()
  const categories = useRequest(communityId && `categories:${communityId}`, () => topicsApi.consultationCategories(communityId ?? ''))
  const [categoryIndex, setCategoryIndex] = useState<number | null>(null)
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [links, setLinks] = useState<string[]>([])
  const { busy, error, run, fieldError, edited } = useAction()

  if (!communityId) return <Page><Empty text="请先选择社区" /></Page>
  const list = categories.data?.items
  if (!list) return <Page><Waiting request={categories} /></Page>
  const category = categoryIndex === null ? undefined : list[categoryIndex]
  const linkErrors = fieldError('links') === undefined ? [] : (error?.fields.filter((f) => f.path.startsWith('links')).map((f) => f.message) ?? [])

  const submit = () =>
    run(async (idempotencyKey) => {
      const topic = await topicsApi.proposeTopic({ communityId, categoryId: category?.id ?? '', title, description, links: links.filter((l) => l.trim() !== '') }, idempotencyKey)
      void Taro.redirectTo({ url: `/packages/consultation/pages/topic/index?id=${topic.id}` })
    })

  return (
    <Page>
      <View className="field">
        <Text className="field__label">类别（社区协商目录）</Text>
        <Picker mode="selector" range={list.map((c) => c.name)} value={categoryIndex ?? 0} onChange={(e) => {
            setCategoryIndex(Number(e.detail.value))
            edited('categoryId')
          }}>
          <View className="input topic-category">
            <Text>{category ? category.name : '请选择类别 ›'}</Text>
          </View>
        </Picker>
        {fieldError('categoryId') !== undefined && <Text className="field__error">请选择类别</Text>}
      </View>
      <View className="field">
        <Text className="field__label">议题标题</Text>
        <Input className="input topic-title-input" nativeProps={{ 'aria-label': '议题标题' }} maxlength={TOPIC_TITLE_MAX_LENGTH} value={title} onInput={(e) => {
            setTitle(e.detail.value)
            edited('title')
          }} />
        {fieldError('title') && <Text className="field__error">{fieldError('title')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">议题内容（现状、问题和建议）</Text>
        <Textarea
          className="input topic-description-input"
          nativeProps={{ 'aria-label': '议题内容' }}
          maxlength={TOPIC_DESCRIPTION_MAX_LENGTH}
          value={description}
          onInput={(e) => {
            setDescription(e.detail.value)
            edited('description')
          }}
        />
        {fieldError('description') && <Text className="field__error">{fieldError('description')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">附件链接（选填，最多 {TOPIC_LINKS_MAX} 个，以 https:// 开头）</Text>
        {links.map((link, i) => (
          // Links are edited in place: the position is the field's identity while the form is open.
          <View key={i} className="row">
            <Input
              className="input topic-link-input"
              nativeProps={{ 'aria-label': `附件链接${i + 1}` }}
              maxlength={TOPIC_LINK_MAX_LENGTH}
              value={link}
              onInput={(e) => {
                setLinks((ls) => ls.map((l, j) => (j === i ? e.detail.value : l)))
                edited('links')
              }}
            />
            <Button className="btn" onClick={() => setLinks((ls) => ls.filter((_, j) => j !== i))}>
              删除
            </Button>
          </View>
        ))}
        {links.length < TOPIC_LINKS_MAX && (
          <Button className="btn add-link" onClick={() => setLinks((ls) => [...ls, 'https://'])}>
            添加链接
          </Button>
        )}
        {linkErrors.map((m) => (
          <Text key={m} className="field__error">
            {m}
          </Text>
        ))}
      </View>
      {error && error.fields.length === 0 && <Text className="field__error kv">{error.message}</Text>}
      <Button className="btn btn--main submit-topic" disabled={busy} onClick={submit}>
        提交议题
      </Button>
    </Page>
  )
}
