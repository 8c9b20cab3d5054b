# callboard: app messages (zh-CN). Every id exists in both languages (tests check).
# 提示（toast）、对话框、`:` 命令、筛选错误和事件日志行。术语见 docs/glossary.md。

## 视图（标签页）
app-view-roster = 座席列表
app-view-groups = 技能组
app-view-log = 事件日志

## 操作：行内用词，及对话框标题开头
action-sign-in = 签入
action-reset = 重置
action-reset-all = 全部重置
action-ivr-auth = IVR 认证
action-break = 小休
action-ready = 置闲
action-sign-out = 签出
action-title-sign-in = 签入
action-title-reset = 重置
action-title-reset-all = 全部重置
action-title-ivr-auth = IVR 认证
action-title-break = 小休
action-title-ready = 置闲
action-title-sign-out = 签出
action-title-other = 操作

## 操作结果（状态，及回读座席的核实结果）
status-ok = 已完成
status-verified-applied = 已完成（已从下一次轮询核实）
status-refused = 被拒绝
status-failed = 未完成
status-verified-not-applied = 未生效（已从下一次轮询核实）
status-unknown = 结果未知

## 操作对象
who-named = { $name }（{ $agent }）

## 操作对话框
dialog-title = { $verb } · { $who }
dialog-title-which-backend = { $verb } · 哪个阿里云后端？
dialog-who = { $agent }（{ $backend }）
dialog-who-named = { $name }（{ $agent }，{ $backend }）
dialog-who-reset-all = { $backend } 上所有异常座席
dialog-field-after-reset = 重置后
dialog-choice-signed-out = 签出（强制签出，释放通话）
dialog-choice-idle = 空闲（强制置闲）
dialog-field-backend = 后端
dialog-none-stuck = 没有显示卡住的座席
dialog-n-stuck = 显示 { $count } 个卡住
dialog-hint-pick = 输入以缩小范围，↑/↓ 选择
dialog-field-device = 设备
dialog-hint-device = 留空：座席自己的设备
dialog-field-skill-groups = 技能组
dialog-hint-skill-groups = 空格勾选；不选：座席自己的技能组
dialog-field-flow = IVR 流程
dialog-field-access-code = IVR 接入码
dialog-field-break-code = 小休状态码
dialog-field-rest-cause = 休息原因
dialog-field-seconds = 秒数
dialog-hint-seconds = 留空：该原因的计划时长
dialog-no-choices = 无法获取选项：{ $reason }；请直接输入
dialog-opener = 本对话框由 `{ $key }` 打开，所以它不能确认：按 { $keys } 确认，按 n 或 Esc 取消
dialog-or = {" "}或{" "}
dialog-required = 必须填写{ $field }
dialog-pick-backend = 请选择后端
dialog-pick-flow = 请选择流程
dialog-pick-break-code = 请选择小休状态码
dialog-secs-range = 秒数必须在 1 到 86399 之间
dialog-not-agent-action = { $action } 不是座席操作
dialog-sign-in-huawei = 用配置中的凭据签入 { $who }；callboard 运行期间保持会话（callboard 停止 2 分钟后，网关会将座席签出）。
dialog-sign-in = 将 { $who }签入到{ $groups }，使用{ $device }。
dialog-own-device = 座席自己的设备
dialog-device = 设备 { $device }
dialog-own-groups = 座席自己的技能组
dialog-reset-idle-huawei = 通过质检员将 { $who }强制置闲。
dialog-reset-huawei = 通过质检员将 { $who }强制签出。正在进行的通话会被释放。
dialog-reset = 重置 { $who }（ResetAgentState）：结束其卡住的状态。
dialog-reset-all = 重置 { $backend } 上所有处于异常状态的座席（ResetUserStatus）；由 { $backend } 决定是哪些座席，数量只能从它的应答得知。{ $seen }
dialog-reset-all-seen = callboard 显示那里卡住的有 { $stuck }。
dialog-reset-all-none-seen = callboard 显示那里没有卡住的座席。
dialog-ivr-auth = 将 { $who }的{ $call }转到 { $flow } 进行 IVR 认证；流程结束后通话返回。
dialog-current-call = 当前通话
dialog-call = 通话 { $call }
dialog-break = 让 { $who }小休：{ $label }{ $for }。
dialog-break-for = ，{ $secs } 秒
dialog-ready = 将 { $who }置闲，开始接听来电。
dialog-sign-out = 将 { $who }签出。

## 全部重置：callboard 显示某后端上卡住的座席
reset-all-stuck-none = 无
reset-all-stuck = { $count } 个座席：{ $ids }
reset-all-stuck-more = { $count } 个座席：{ $ids } 等（另有 { $more } 个）
reset-all-no-aliyun = 全部重置是阿里云 CCC 的操作，而配置中没有阿里云后端

## 按键与操作的提示
toast-sent = 已发送：{ $action } → { $who }
toast-readonly = 只读模式：{ $action } 已停用（配置中 readonly = true，或使用了 --readonly）
toast-switch-to-roster = 请切换到座席列表（Tab）再对座席操作
toast-no-agent = 没有选中座席
toast-backend = { $backend }：{ $text }
toast-theme-fallback = 主题：{ $reason }；改用默认主题

## 事件日志
log-connected = 已连接
log-degraded = 降级：{ $reason }
log-down = 中断：{ $reason }
log-state-change = { $from } → { $to }
log-state-change-reason = { $from } → { $to }（{ $reason }）
log-outcome = { $action } { $who }：{ $status }：{ $summary }

## 需要关注
alert-over-break = 超出计划小休（计划 { $planned }，已超出 { $over }）
alert-stuck = 卡住：在此状态超过 { $limit }

## `:` 命令
command-empty = 请输入命令：:backend 名称、:theme 名称、:filter 文本、:lang en|zh-CN、:export 文件、:help、:q
command-unknown = 未知命令 `{ $command }`：请使用 :backend 名称、:theme 名称、:filter 文本、:lang en|zh-CN、:export 文件、:help 或 :q
command-theme-usage = 用法：:theme 名称（default、light、high-contrast、mono，或 .toml 文件路径）
command-lang-usage = 用法：:lang en 或 :lang zh-CN（当前为 { $lang }）
command-lang-set = 界面语言：简体中文（zh-CN）；:lang en 切换回 English
command-all-backends = 显示所有后端
command-one-backend = 只显示后端 { $backend }
command-no-backend = 没有后端 `{ $backend }`；现有后端：{ $backends }
command-theme-set = 主题 { $theme }
command-theme-failed = 主题未更改：{ $reason }

## 筛选（/）错误
filter-no-state = state= 需要一个状态：ready、ringing、dialing、talking、wrap-up、not-ready、break、signing-in、offline、stale 或 alert
filter-unknown-state = 未知状态 `{ $state }`：请使用 ready、ringing、dialing、talking、wrap-up、not-ready、break、signing-in、offline、stale 或 alert（多个用逗号分隔）
filter-unknown-key = 未知筛选项 `{ $key }`：请使用 state=、skill=、backend=、code=、id= 或 name=
filter-no-value = { $key }= 需要一个值

## 终端与演示
tui-no-terminal = callboard：无法使用此终端：{ $reason }；请在交互式终端中运行 callboard，脚本请用 `callboard snapshot`
tui-terminal-failed = callboard：终端出错：{ $reason }
demo-banner = 演示：模拟器在 http://{ $addr }（两家厂商）；按 ? 查看按键
demo-no-sim = callboard demo：无法启动模拟器：{ $reason }

command-export-usage = 用法：:export 文件（JSON 行格式；文件名以 .csv 结尾时为 CSV）
toast-exported = 已将 { $lines } 行事件日志导出到 { $path }
toast-export-failed = 无法导出到 { $path }：{ $reason }
