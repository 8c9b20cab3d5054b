# 列选择器（issue 14）：仪表盘中按 C 或 F2。
keyhelp-columns = 选择、隐藏和排列座席表的列（仅本次会话）
footer-columns = 列
picker-title = 列
picker-hint-toggle = 空格    显示或隐藏
picker-hint-move = Shift+↑/↓ 或 K/J    移动
picker-hint-apply = 回车    本次会话生效 · Esc    取消
