# The column picker (issue 14): C or F2 in the dashboard.
keyhelp-columns = choose, hide and order the roster's columns (for this session)
footer-columns = columns
picker-title = Columns
picker-hint-toggle = Space    show or hide
picker-hint-move = Shift+↑/↓ or K/J    move
picker-hint-apply = Enter    apply for this session · Esc    cancel
