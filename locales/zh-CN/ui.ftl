# callboard: ui messages (zh-CN). Every id exists in both languages (tests check).
# 屏幕上的文字：标题栏、视图、详情、底栏、帮助、对话框外框。术语见 docs/glossary.md。
# 行首空格写作 {"  "}（否则 Fluent 会去掉）。

## 演示的第一条提示（src/tui/demo.rs）

## 视图标签与面板标题
view-roster = 座席
view-groups = 技能组
view-log = 事件日志

## 标题栏：后端状态、数据时效、状态分布、排队、视图行
health-connecting = 连接中
health-retrying = 连接中…（第 { $attempt } 次尝试）
health-retrying-why = 连接中…（第 { $attempt } 次尝试，上次错误：{ $error }）
health-refused = 签入被拒
health-late = 数据过期：未刷新
health-stale = 数据过期
health-connected = 已连接
health-degraded = 降级
health-why = ：{ $reason }
header-data-age = 数据 { $age } 前更新
header-age = { $age } 前
header-tls-unverified = TLS 未校验
header-readonly = 只读
header-no-data = 无数据
header-breaks = （{ $breaks }）
header-queues = 队列
header-waiting = 排队 { $n }
header-longest = 最长等待 { $wait }
header-queues-stale = （数据过期）
header-queues-part-stale = （部分过期）
header-backend-stale = 过期
header-scope = 后端：{ $backend }
header-filter = 筛选：{ $filter }
header-sort = 排序：{ $column } { $arrow }
header-rows = { $shown } / { $total } 个座席

## 座席列表
column-backend = 后端
column-agent = 座席
column-name = 姓名
column-state = 状态
column-reason = 原因
column-time = 时长
column-skills = 技能组
column-extension = 分机
roster-waiting = 正在等待后端发来第一份座席名单…
roster-no-match = 没有座席符合筛选条件（Esc 清除筛选）

## 详情
detail-title = 详情
detail-no-agent = 未选中座席
detail-agent = 座席
detail-backend = 后端
detail-state = 状态
detail-reason = 原因
detail-action = 操作
detail-in-state = 持续
detail-attention = 需关注
detail-data = 数据
detail-flags = 标记
detail-extension = 分机
detail-work-mode = 工作模式
detail-call = 通话
detail-backend-value = { $backend }（{ $vendor }）
detail-state-value = { $state }（{ $presence } / { $activity }）
detail-raw-codes = 原始代码
detail-raw-state = {"  "}状态
detail-raw-sub = {"  "}子状态
detail-raw-vendor = {"  "}厂商用语
detail-reason-value = { $code } · { $label } · { $category }
detail-reason-planned = { $code } · { $label } · { $category }，计划 { $planned }
detail-in-state-since = { $time }（自 { $since } 起）
detail-unknown = 未知
detail-fresh = 最新
detail-stale = 数据过期（最后已知）
detail-no-data = 未知（尚无数据）
detail-seen = { $fresh }，{ $ago } 前收到
detail-flag-separator = 、
detail-skill-groups = 技能组（{ $count }）
detail-signed = 已签入
detail-recent-events = 最近事件
detail-no-events = 暂无
flag-hold = 保持
flag-mute = 静音
flag-monitored = 被监听
flag-coached = 被辅导
flag-outbound-only = 仅外呼
flag-pending-next = 待切换状态
flag-in-ivr = IVR 中
presence-offline = 离线
presence-signing-in = 签入中
presence-ready = 就绪
presence-not-ready = 示忙
presence-break = 小休
activity-none = 无通话
activity-ringing = 振铃
activity-dialing = 外呼中
activity-talking = 通话中
activity-wrap-up = 话后处理
activity-supervising = 监听中

## 厂商及其状态用语（详情中的原始代码）
vendor-name-aliyun = 阿里云
vendor-name-huawei = 华为
vendor-aliyun-ready = 空闲
vendor-aliyun-ringing = 振铃
vendor-aliyun-dialing = 外呼
vendor-aliyun-talking = 通话中
vendor-aliyun-supervising = 监听
vendor-aliyun-wrap-up = 话后处理
vendor-aliyun-break = 小休
vendor-aliyun-warm-up = 签入小休
vendor-aliyun-offline = 离线
vendor-huawei-idle = 空闲态
vendor-huawei-pre-occupied = 预占用
vendor-huawei-occupied = 占用
vendor-huawei-answering = 应答
vendor-huawei-ringing = 振铃
vendor-huawei-outbound = 外呼
vendor-huawei-talking = 通话态
vendor-huawei-monitoring = 监听
vendor-huawei-wrap-up = 整理态
vendor-huawei-busy = 示忙
vendor-huawei-rest = 休息
vendor-huawei-signed-in = 签入
vendor-huawei-signed-out = 签出

## 技能组视图
groups-backend = 后端
groups-group = 技能组
groups-id = ID
groups-ready = 空闲
groups-ringing = 振铃
groups-talking = 通话中
groups-wrap-up = 话后处理
groups-not-ready = 示忙
groups-break = 小休
groups-offline = 离线
groups-waiting = 排队
groups-longest = 最长等待

## 事件日志视图
eventlog-title = { $view }（{ $count }）
eventlog-time = 时间
eventlog-backend = 后端
eventlog-agent = 座席
eventlog-level = 级别
eventlog-event = 事件
eventlog-level-info = 信息
eventlog-level-warn = 警告
eventlog-level-error = 错误
eventlog-repeats = （×{ $count }，自 { $since } 起）

## 底栏
footer-quit = 退出
footer-help = 帮助
footer-view = 视图
footer-detail = 详情
footer-close = 关闭
footer-filter = 筛选
footer-sort = 排序
footer-sign-in = 签入
footer-reset = 重置
footer-reset-all = 全部重置
footer-ivr-auth = IVR认证
footer-break = 小休
footer-ready = 置闲
footer-sign-out = 签出
footer-scroll = 滚动
footer-command = 命令
footer-unbound = 未绑定
footer-filter-hint = Enter 保留 · Esc 清除
footer-command-hint = Enter 执行 · Tab 补全 · ↑/↓ 历史 · Esc 取消
footer-dialog-confirm = 确认
footer-dialog-cancel = 取消
footer-dialog-next = 下一项
footer-dialog-field = 切换字段
footer-dialog-choose = 选择
footer-any-key = 任意键
footer-close-help = 关闭帮助
footer-readonly = 只读：操作已停用

## 帮助
keyhelp-title = 帮助 · 按键（任意键关闭）
keyhelp-title-scroll = 帮助 · 第 { $first }-{ $last } 行，共 { $total } 行 · ↑/↓ PgUp/PgDn 滚动，其他键关闭
keyhelp-quit = 退出
keyhelp-up = 上移
keyhelp-down = 下移
keyhelp-top = 第一行
keyhelp-bottom = 最后一行
keyhelp-page-up = 上一页
keyhelp-page-down = 下一页
keyhelp-detail = 所选座席的详情
keyhelp-next-view = 下一个视图：座席、技能组、事件日志、趋势
keyhelp-filter = 筛选：文字、state=、skill=、backend=、code=
keyhelp-sort = 排序：按下一列，再按一次反向
keyhelp-sign-in = 为座席签入
keyhelp-reset = 重置座席状态
keyhelp-reset-all = 重置所有异常座席（阿里云）
keyhelp-ivr-auth = 将座席的通话转到 IVR 认证
keyhelp-break = 让座席小休
keyhelp-ready = 将座席置闲
keyhelp-sign-out = 为座席签出
keyhelp-command = 命令：:backend、:theme、:lang、:export 文件、:q
keyhelp-help = 本帮助
keyhelp-readonly-off = （只读：停用）
keyhelp-ctrl-c = 退出（任何时候都有效）
keyhelp-esc = 关闭详情、清除筛选、取消
keyhelp-shift-tab = 上一个视图
keyhelp-note-filter = 筛选：文字匹配座席 ID、姓名、分机、原因和后端
keyhelp-note-terms = 条件：state=break skill=sales backend=名称 code=lunch id=… name=…
keyhelp-note-alternatives = state=alert 需关注，state=stale 数据过期；a,b 表示任一；!条件 表示取反
keyhelp-note-markers = 行首：! 需关注（卡住、小休超时）· ~ 数据过期 · ? 尚无数据

## 对话框外框（对话框内的文字在 app.ftl）
popup-loading = 正在向 { $backend } 获取可选项…
popup-many-choices = 共 { $count } 项；输入文字缩小范围
popup-no-match = 没有匹配的选项；将使用输入的值
popup-confirm = 确认？
popup-do-it = 执行
popup-cancel = 取消
popup-form-keys = Enter 下一项/确认 · Tab 切换字段 · ↑/↓ 选择 · Space 勾选 · Esc 取消
