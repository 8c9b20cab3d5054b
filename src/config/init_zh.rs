//! The starter config of `callboard init --lang zh-CN`: the same settings as the English one
//! ([`super::init`]), every comment in Simplified Chinese (terms as in `docs/glossary.md`).

pub(super) const STARTER_ZH: &str = r#"# callboard 配置文件，由 `callboard init` 生成。
#
# callboard 从 `--config FILE` 读取本文件；未指定时读取平台配置目录中的文件
# （Linux：~/.config/callboard/config.toml 或 $XDG_CONFIG_HOME/callboard/config.toml；
# macOS：~/Library/Application Support/callboard/config.toml）。
# `callboard check` 会校验本文件并逐个连接后端；错误会指出行号和列号。
# 路径可以以 ~ 开头；相对路径以本文件所在目录为准。
#
# 密钥（AccessKey、密码）无需写在本文件中。每个密钥可以是以下之一：
#   { env = "NAME" }       环境变量
#   { file = "PATH" }      只包含该密钥的文件（请设为私有：chmod 600 PATH）
#   { command = "..." }    输出密钥的命令，用 `sh -c` 运行，10 秒后停止
#                          （pass、gopass、vault、op、secret-tool 等）
#   { value = "..." }      密钥本身：不推荐；其他用户可读本文件时 callboard 会发出警告。
#                          无论如何都请保持本文件私有：chmod 600。
# 密钥绝不会出现在日志、审计日志、屏幕或错误信息中。

# 界面语言：en 或 zh-CN（默认取 LC_ALL / LC_MESSAGES / LANG）。
lang = "zh-CN"

# 客户电话号码（阿里云 CounterParty）在屏幕和 snapshot 输出中打码显示（132****1056）；false 显示完整号码。
# mask_numbers = false

# 座席列表的列，从左到右：backend、agent、name、state、time、reason、skills、ext。
# columns = ["state", "time", "reason", "name", "agent"]

# 配色主题：default、light、high-contrast、mono，或主题文件的路径。
theme = "default"

# true：callboard 只监控，从不为座席签入、签出、重置或设置小休。
# （命令行的 `--readonly` 对单次运行有同样效果。）
readonly = false

# callboard 执行的每个操作都以一行 JSON 追加到此文件。默认是平台状态目录中的 audit.jsonl
# （Linux：$XDG_STATE_HOME/callboard 或 ~/.local/state/callboard；
# macOS：~/Library/Application Support/callboard）。
# audit_log = "~/callboard-audit.jsonl"

# 按键绑定，格式为 操作 = "按键"。按键是一个字符（"r"、"R"、"?"）或名称：enter、tab、esc、
# space、backspace、delete、insert、home、end、up、down、left、right、pgup、pgdn、f1 至 f24；
# 可加前缀 ctrl-、alt- 或 shift-（"ctrl-r"、"alt-enter"、"shift-tab"）。
# 操作：quit、up、down、top、bottom、page-up、page-down、detail、next-view、filter、sort、
# sign-in、reset、reset-all、ivr-auth、break、ready、sign-out、command、help。
# 去掉行首的 # 即可修改该按键；每个按键只能绑定一个操作。
[keys]
# quit = "q"
# detail = "enter"
# reset = "ctrl-r"
# help = "f1"

# ---------------------------------------------------------------------------------------------
# 后端：每个呼叫中心一个 [[backend]] 表。下面给出两种类型的示例，删除不用的那一个即可。
# [[backend]] 行之后的每项设置都属于该后端。

# --- 阿里云 云呼叫中心（CCC）-------------------------------------------------------------------
[[backend]]
# 简短的名称，不含空格，显示在界面中，也用于 `--backend NAME`。
name = "shanghai"
kind = "aliyun"
# 所在地域的 CCC 接入地址。
endpoint = "https://ccc.cn-shanghai.aliyuncs.com/"
# CCC 实例 ID（云呼叫中心控制台的实例列表）。
instance_id = "ccc-prod"
# AccessKey。没有这两行时，callboard 读取阿里云 CLI 和 SDK 使用的同名环境变量：
# ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET。
access_key_id = { env = "ALIBABA_CLOUD_ACCESS_KEY_ID" }
access_key_secret = { env = "ALIBABA_CLOUD_ACCESS_KEY_SECRET" }
# 也可以例如：access_key_secret = { command = "pass show aliyun/ccc-access-key-secret" }
# 请求签名："v3"（ACS3-HMAC-SHA256，默认）或 "v2"（HMAC-SHA1）。
signature = "v3"
# 显示哪些座席："all"，或座席 ID 列表，如 ["agent1@ccc-prod", "agent2@ccc-prod"]。
roster = "all"
# 轮询间隔秒数，0.5 至 3600（默认 2）。
poll_interval_secs = 2.0

# 每个小休状态码的计划秒数：小休超过计划时长的座席会被高亮。
[backend.thresholds.planned]
lunch = 1800
break = 600
meeting = 3600

# 告警阈值：座席在同一状态停留超过此秒数即标记为卡住。
# 状态：ringing、talking、wrap-up、not-ready、break。
[backend.thresholds.stuck_after]
ringing = 60
talking = 3600
wrap-up = 600
not-ready = 1800

# 服务水平：在此秒数内接通的呼叫计入（阿里云报表有 10、20、30 秒，华为 CMS 有 15、20 秒）；
# 报表每 refresh_secs 秒取一次。见 docs/shift-kpis.md。
# [backend.kpis]
# sl_threshold_secs = 20
# refresh_secs = 30

# --- 华为 CC-Gateway（AgentGateway REST）------------------------------------------------------
[[backend]]
name = "guangzhou"
kind = "huawei"
# 网关的基础 URL，包含 /agentgateway/resource/。
endpoint = "https://10.1.2.3:8043/agentgateway/resource/"
# 显示哪些座席（工号）："all"，或列表。
roster = ["1001", "1002", "1003"]
# 对账间隔秒数，0.5 至 3600（默认 30；配置 CMS 时默认 5）；座席状态以事件实时到达。
poll_interval_secs = 30.0
# callboard 用来监控和操作的质检员账号。
inspector = { workno = "900", password = { command = "pass show ccgw/inspector-900" } }
# callboard 为座席签入时使用的密码（下面单独配置的座席除外）。
agent_password = { file = "~/.config/callboard/ccgw-agent-password" }
# 座席的软电话号码：{workno} 会替换为工号。
agent_phone = "4{workno}"
# 网关证书由内部 CA 签发时，该 CA 的证书：
# ca_file = "/etc/callboard/gateway-ca.pem"
# 关闭 TLS 校验（仅限实验环境；界面顶部会显示警告）：
# insecure_skip_verify = true

# 每个休息原因的计划秒数（网关的休息原因码）。
[backend.thresholds.planned]
1 = 1800
2 = 600

[backend.thresholds.stuck_after]
talking = 3600
wrap-up = 300

# 单独配置密码和电话号码的座席：
# [backend.agents.1001]
# workno = "1001"
# password = { env = "CCGW_AGENT_1001_PASSWORD" }
# phonenum = "41001"

# 华为 CC-CMS 实时监控（C2 AK/SK 鉴权）：每个座席的状态持续时间、分机和技能等级，以及每个
# 技能队列的最长等待时间。未配置时这些数据显示为未知。配置后轮询间隔默认 5 秒。
# 详见 docs/huawei-cms.md。
# [backend.cms]
# endpoint = "https://10.1.2.4:28443/rest/cmsapp/v1/openapi/"
# ak = { env = "CCGW_CMS_AK" }
# sk = { command = "pass show ccgw/cms-sk" }
# ccid = 1
# vdn = 12
"#;
