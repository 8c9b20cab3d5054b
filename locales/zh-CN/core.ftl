# callboard 的简体中文消息（通用词汇：状态、原因类别、语言）。每个 id 都必须在 ../en/*.ftl 中存在（有测试检查）。
# 术语与阿里云、华为控制台一致，见 docs/glossary.md。

## 座席状态
state-ready = 空闲
state-ringing = 振铃
state-dialing = 外呼中
state-talking = 通话中
state-supervising = 监听中
state-wrap-up = 话后处理
state-not-ready = 示忙
state-break = 小休
state-signing-in = 签入中
state-offline = 离线
state-stale = 数据过期
state-unknown = 未知

## 原因类别
category-short-break = 小休
category-meal = 就餐
category-meeting = 会议
category-training = 培训
category-busy-other = 其他示忙
category-system-no-answer = 未接听（系统）
category-system-reject = 拒接（系统）
category-warm-up = 签入小休
category-supervisor-forced = 班长强制
category-device = 设备
category-unknown = 未知

## 语言
lang-unknown = 未知语言“{ $given }”；请使用 en 或 zh-CN

## 时长（紧凑格式，最多两个单位）
duration-s = { $s }秒
duration-m-s = { $m }分{ $s }秒
duration-h-m = { $h }时{ $m }分
duration-d-h = { $d }天{ $h }时
