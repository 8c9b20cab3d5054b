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
