# callboard：命令行子命令（snapshot、check、init、act）。

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

## callboard init
init-wrote = 已写入示例配置 { $path }（仅你本人可读）；请编辑其中的后端，然后运行 `callboard check{ $flag }`
check-config-warning = { $file }:{ $line }:{ $column }：警告：{ $message }；{ $fix }
check-config-ok = 配置 { $path }：正常（{ $backends } 个后端{ $warnings ->
        [0] {""}
       *[other] ，上面有 { $warnings } 个警告
    }）
check-theme-ok = 主题 { $theme }：正常（{ $words }）
check-theme-bad = 主题 { $theme }：{ $fix }
check-theme-built-in = 内置
check-theme-file = 文件 { $path }
check-theme-unknown = 未知主题；请使用 { $themes } 之一，或主题文件的路径
check-theme-invalid = { $reason }；请修正主题文件（格式见 themes/default.toml），或使用内置主题：{ $themes }
check-theme-unreadable = 无法读取主题文件 { $path }：{ $reason }；请修正路径，或使用内置主题：{ $themes }
check-theme-files = 找到的主题文件：{ $files }
check-no-backend = { $path } 中没有后端；请添加 [[backend]] 表（`callboard init` 会写一个示例）
check-no-answer = { $secs } 秒内没有应答；请检查端点地址、网络路径以及代理或防火墙

## 配置问题与所用配置（所有命令）
config-problems = callboard { $command }：配置有 { $count } 个问题；请修正后运行 `callboard check`
setup-demo-origin = 内置模拟器的配置（--demo）
setup-no-backend = { $origin } 中没有名为“{ $backend }”的后端；请使用其中之一：{ $backends }
setup-no-backends = （无：请在配置中添加 [[backend]] 表）

## callboard snapshot
snapshot-no-backend = callboard snapshot：{ $origin } 中没有后端；请添加 [[backend]] 表（见 `callboard init`）
snapshot-warning = callboard snapshot：警告：{ $warning }

## callboard act：用法问题、厂商的参数、结果
act-empty-backend = --backend 为空；请填写配置中的后端名称
act-empty-agent = --agent 为空；请填写座席 id（阿里云为 login@instance，华为为工号）
act-empty-flow = --flow 为空；请填写 IVR 流程的 id 或名称（华为：IVR 接入码）
act-empty-code = --code 为空；请填写小休状态码（阿里云）或休息原因（华为）
act-empty-device = --device 为空；不填则使用座席自己的设备
vendor-aliyun = 阿里云 CCC
vendor-huawei = 华为 CC-Gateway
act-unused-device = --device 不适用于{ $vendor }：华为座席使用配置给它的软电话号码签入（agent_phone，或座席条目中的 phonenum）
act-unused-skill-groups = --skill-group 不适用于{ $vendor }：华为座席签入网关为其工号分配的技能
act-unused-idle = --idle 不适用于{ $vendor }：阿里云 ResetAgentState 总是将座席签出；要将座席置闲，请用 `callboard act ready`
act-unused-secs = --secs 不适用于{ $vendor }：阿里云 TakeBreak 没有时长；请在 [backend.thresholds.planned] 中设置该小休状态码的计划时长，座席超时时会提醒
act-unused-separator = ；
act-unused = { $unused }。后端 { $backend } 是{ $vendor }，因此没有发送任何请求；请去掉这些参数
act-reset-all-huawei = reset-all 不适用于{ $vendor }：它是阿里云 CCC 的 ResetUserStatus；后端 { $backend } 是{ $vendor }，因此没有发送任何请求：请用 `callboard act reset --backend { $backend } --agent 工号` 逐个重置座席
act-hold-aliyun = --hold 不适用于{ $vendor }：阿里云座席在 callboard 退出后仍保持签入，没有需要保持的会话；后端 { $backend } 是{ $vendor }，因此没有发送任何请求：请去掉 --hold（和 --on-exit）
act-sign-in-needs-hold = 在 { $vendor } 上，只有客户端持续轮询座席事件时座席才保持签入，而 `act` 会立即退出：没有轮询时，网关会在心跳超时（2 分钟）后将座席 { $agent } 签出。没有发送任何请求。请加上 --hold，在前台保持会话直到 Ctrl-C 或 SIGTERM（之后将座席签出；--on-exit stay 则保持签入），或在看板中签入座席，看板运行期间会保持会话
act-target-agent = { $backend } 上的座席 { $agent }
act-target-all = { $backend } 上的所有座席
act-json-failed = callboard act：无法将结果写成 JSON：{ $reason }
act-done = { $action } { $target }：{ $status }：{ $summary }
act-unknown = callboard act { $command } { $target }：{ $status }：{ $summary }
act-not-done = callboard act { $command } { $target }：{ $status }：{ $summary }
act-readonly = 只读模式（read-only）：callboard 不对座席操作，因为{ $why }；没有向 { $backend } 发送任何请求。如需操作，请{ $fix }
act-readonly-flag = 使用了 --readonly
act-readonly-config = { $origin } 中设置了 readonly = true
act-readonly-fix-flag = 去掉 --readonly 再运行一次
act-readonly-fix-config = 在配置中设置 readonly = false 以允许操作
act-not-started = 后端 { $backend } 无法启动
act-nothing-done = 什么也没有做：{ $reason }

## callboard act sign-in --hold（华为）
hold-exit-sign-out = 将座席签出
hold-exit-stay = 停止轮询并让座席保持签入（除非其他客户端接管会话，网关会在心跳超时 2 分钟后将其签出）
hold-not-huawei = callboard act sign-in：后端 { $backend } 不是华为后端；没有可保持的会话
hold-holding = 正在保持 { $backend } 上座席 { $agent } 的会话：按 Ctrl-C（或发送 SIGTERM）停止；之后 callboard 会{ $then }
hold-ended = callboard act sign-in { $backend } 上的座席 { $agent }：callboard 保持期间会话已结束：网关将座席签出了（在别处签入、被班长强制签出，或会话无法恢复）；如果座席应接听来电，请重新签入
hold-ended-why = callboard act sign-in { $backend } 上的座席 { $agent }：callboard 保持期间会话已结束：网关将座席签出了（{ $why }）（在别处签入、被班长强制签出，或会话无法恢复）；如果座席应接听来电，请重新签入
hold-stayed = 已停止保持 { $backend } 上的座席 { $agent }：座席保持签入；没有客户端轮询时，除非其他客户端接管会话，网关会在心跳超时（2 分钟）后将其签出
hold-stopping = 正在停止：将座席 { $agent } 从 { $backend } 签出
hold-sign-out-failed = callboard 仍会停止轮询座席 { $agent } 的会话：网关会在心跳超时（2 分钟）后将其签出

## 启动（不带子命令的 callboard、--demo）
run-no-embedded-sim = callboard { $command }：无法启动内置模拟器：{ $reason }
run-no-config =
    callboard：{ $path } 没有配置。开始使用：
    {"  "}callboard demo    在内置模拟器上试用 callboard，无需任何设置
    {"  "}callboard init    写一个带注释的示例配置，然后编辑它
run-no-config-path =
    callboard：{ $reason }。
    开始使用：`callboard demo`（内置模拟器）或 `callboard init --config FILE`
