# callboard 的简体中文消息。每个 id 都必须在 ../en/callboard.ftl 中存在（有测试检查）。
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

## callboard snapshot --format table
table-backend = 后端
table-agent = 座席
table-name = 姓名
table-state = 状态
table-reason = 原因
table-time-in-state = 持续时间
table-skills = 技能组
table-ext = 分机

## callboard check
check-backend-ok = 后端 { $backend }（{ $kind }，{ $endpoint }）：正常，上报 { $agents } 个座席
check-backend-failed = 后端 { $backend }（{ $kind }，{ $endpoint }）：失败：{ $reason }
check-cms-ok = {"  "}{ $backend } 的 CMS（{ $endpoint }）：正常，{ $agents } 个座席有状态时间
check-cms-failed = {"  "}{ $backend } 的 CMS（{ $endpoint }）：失败：{ $reason }
check-some-failed = callboard check：{ $total } 个后端中有 { $failed } 个失败；请按上面的提示修复
check-all-good = 全部正常
check-language = 语言：{ $lang }（{ $source }）
lang-source-flag = --lang
lang-source-config = 配置文件的 lang
lang-source-env = 来自 { $var }
lang-source-default = 默认

## 语言
lang-unknown = 未知语言“{ $given }”；请使用 en 或 zh-CN

## callboard init
init-wrote = 已写入示例配置 { $path }（仅你本人可读）；请编辑其中的后端，然后运行 `callboard check{ $flag }`
