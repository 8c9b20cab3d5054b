# callboard: shift messages (zh-CN): the Trends view, the wallboard, alerts and the history.
# Every id exists in both languages (tests check).

## View tabs and panel titles.
app-view-trends = 趋势
app-view-wall = 大屏
view-trends = 趋势
view-wall = 大屏

## The Trends view.
trends-points = { $points } 个点，每 { $interval } 秒一个
trends-empty = 尚无历史：收到第一批数据时记录第一个点，之后每 { $interval } 秒一个。
trends-group = 技能组
trends-waiting = 排队
trends-longest = 最长等待
trends-sl = 服务水平

## The wallboard.
wall-title = callboard 大屏
wall-keys = w/Esc：返回看板 · q：退出
wall-waiting = 排队
wall-longest = 最长等待
wall-sl = 服务水平
wall-ready = 空闲 { $n }
wall-talking = 通话 { $n }
wall-break = 小休 { $n }
wall-more = … 另有 { $n } 个（放大终端或用 --groups 查看）
wall-no-groups = 没有匹配的技能组（请检查 --groups 和筛选条件）。
wall-waiting-for-data = 等待第一批数据…

## Alerts in the event log.
shift-alert-waiting = 告警 { $group }：{ $value } 个来电排队（超过 { $limit }）
shift-alert-longest = 告警 { $group }：来电已等待 { $value }（超过 { $limit }）
shift-alert-sl = 告警 { $group }：服务水平 { $value }（低于 { $limit }）
shift-clear-waiting = 解除 { $group }：{ $value } 个来电排队（上限 { $limit }）
shift-clear-longest = 解除 { $group }：最长等待 { $value }（上限 { $limit }）
shift-clear-sl = 解除 { $group }：服务水平 { $value }（下限 { $limit }）
shift-alert-agent = 告警 { $who }：{ $why }
shift-clear-break = 解除 { $who }：不再超时小休
shift-clear-stuck = 解除 { $who }：不再卡住

## Exports and `snapshot --history`.
history-none = { $path } 尚无历史记录：看板运行时会写入该文件（[history] persist = true，默认）。
history-unreadable = 无法读取历史文件 { $path }：{ $reason }
history-skipped = 已跳过 { $path } 中 { $n } 行损坏的记录。
history-unwritable = 历史不再写入 { $path }：{ $reason }

## The help overlay.
keyhelp-wall = 大屏：每个技能组一块大字看板（再按 w 或 Esc 返回）

## Exports.
toast-history-exported = 已将 { $lines } 行历史记录导出到 { $path }
