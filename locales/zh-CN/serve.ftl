# callboard：`callboard serve`（通过 SSH 提供看板）。

## 会话屏幕上。
serve-viewer-hello = 观察者：此 SSH 密钥只能查看现场；操作键已关闭（需要操作请申请 callboard-role="operator"）
serve-readonly-server = 只读：此服务器以 --readonly 运行；所有会话都是观察者
serve-refused-viewer = 已拒绝 { $action }：此 SSH 密钥是观察者角色（操作员密钥在服务器的 authorized keys 中带有 callboard-role="operator"）
serve-refused-readonly = 已拒绝 { $action }：服务器以 --readonly 运行（或 [serve] readonly = true）
serve-no-export = 通过 SSH 不能导出（文件会写在服务器上）；请在需要文件的机器上运行 `callboard snapshot --format csv`

## 对不显示看板的客户端（其标准错误）。
serve-needs-pty = 看板需要终端：请用 `ssh -t` 连接（不带命令，不用 -T）
serve-no-exec = 这里不执行命令（没有 shell）：不带命令连接即可看到看板
serve-no-subsystem = 这里没有子系统（sftp 等）：不带子系统连接即可看到看板

## `callboard serve` 自己的终端上。
serve-listening = callboard serve：正在监听 { $addr }（已授权 { $keys } 个密钥，其中操作员 { $operators } 个）
serve-host-key = callboard serve：主机密钥 { $path }（{ $fingerprint }）
serve-host-key-new = callboard serve：已创建主机密钥 { $path }（{ $fingerprint }）；客户端首次连接时会要求确认此指纹
serve-connect = callboard serve：连接方式  ssh -p { $port } { $user }@{ $host }
serve-audit = callboard serve：操作记录在审计日志 { $path }
serve-demo = callboard serve：提供内置模拟器 { $addr }
serve-stopping = callboard serve：正在关闭
serve-no-keys = callboard serve：请用 --authorized-keys FILE（或 [serve] 中的 authorized_keys）指定允许登录的密钥：OpenSSH authorized_keys 格式，可以操作的密钥前加 callboard-role="operator"
serve-bad-listen = callboard serve：{ $reason }；请设置 --listen 或 [serve] 中的 listen
serve-failed = callboard serve：{ $reason }
serve-no-state-dir = callboard serve：没有用于默认主机密钥的状态目录；请用 --host-key FILE 指定

## 现场事件日志中（所有会话）。
serve-action-by = { $summary }（由 { $user } 通过 SSH 执行）
