# callboard: ui messages (en). Every id exists in both languages (tests check).
# The screen: header, views, detail pane, footer, help overlay, dialog chrome. Words per
# docs/glossary.md. Leading spaces are written {"  "} (Fluent trims them otherwise).

## The demo's first toast (src/tui/demo.rs).

## View tabs and panel titles.
view-roster = Roster
view-groups = Skill groups
view-log = Event log

## Header: backend health, data age, distribution, queues, tabs line.
health-connecting = connecting
health-retrying = connecting… (attempt { $attempt })
health-retrying-why = connecting… (attempt { $attempt }, last error: { $error })
health-refused = sign-in refused
health-late = stale: no refresh
health-stale = stale
health-connected = connected
health-degraded = degraded
health-why = : { $reason }
header-data-age = data { $age } old
header-age = { $age } old
header-tls-unverified = TLS UNVERIFIED
header-readonly = READ-ONLY
header-no-data = No data
header-breaks = ({ $breaks })
header-queues = Queues
header-waiting = waiting { $n }
header-longest = longest { $wait }
header-queues-stale = (stale)
header-queues-part-stale = (part stale)
header-backend-stale = stale
header-scope = backend: { $backend }
header-filter = filter: { $filter }
header-sort = sort: { $column } { $arrow }
header-rows = { $shown } of { $total ->
        [one] { $total } agent
       *[other] { $total } agents
    }

## Roster.
column-backend = Backend
column-agent = Agent
column-name = Name
column-state = State
column-reason = Reason
column-time = Time
column-skills = Skill groups
column-extension = Ext
roster-waiting = waiting for the first roster from the backends…
roster-no-match = no agent matches the filter (Esc clears it)

## Detail pane.
detail-title = Detail
detail-no-agent = no agent selected
detail-agent = Agent
detail-backend = Backend
detail-state = State
detail-reason = Reason
detail-action = Action
detail-in-state = In state
detail-attention = Attention
detail-data = Data
detail-flags = Flags
detail-extension = Extension
detail-work-mode = Work mode
detail-call = Call
detail-backend-value = { $backend } ({ $vendor })
detail-state-value = { $state } ({ $presence } / { $activity })
detail-raw-codes = Raw codes
detail-raw-state = {"  "}state
detail-raw-sub = {"  "}sub
detail-raw-vendor = {"  "}vendor
detail-reason-value = { $code } · { $label } · { $category }
detail-reason-planned = { $code } · { $label } · { $category }, planned { $planned }
detail-in-state-since = { $time } since { $since }
detail-unknown = unknown
detail-fresh = fresh
detail-stale = STALE (last known)
detail-no-data = unknown (no data yet)
detail-seen = { $fresh }, seen { $ago } ago
detail-flag-separator = {", "}
detail-skill-groups = Skill groups ({ $count })
detail-signed = signed
detail-recent-events = Recent events
detail-no-events = none yet
flag-hold = hold
flag-mute = mute
flag-monitored = monitored
flag-coached = coached
flag-outbound-only = outbound-only
flag-pending-next = pending next state
flag-in-ivr = in IVR
presence-offline = offline
presence-signing-in = signing in
presence-ready = ready
presence-not-ready = not ready
presence-break = break
activity-none = no call
activity-ringing = ringing
activity-dialing = dialing
activity-talking = talking
activity-wrap-up = wrap-up
activity-supervising = supervising

## Vendors and their own words for a state (the detail pane's raw codes).
vendor-name-aliyun = aliyun
vendor-name-huawei = huawei
vendor-aliyun-ready = Ready
vendor-aliyun-ringing = Ringing
vendor-aliyun-dialing = Dialing
vendor-aliyun-talking = Talking
vendor-aliyun-supervising = Monitoring
vendor-aliyun-wrap-up = ACW (after-call work)
vendor-aliyun-break = Break
vendor-aliyun-warm-up = Warm-up
vendor-aliyun-offline = Offline
vendor-huawei-idle = idle
vendor-huawei-pre-occupied = pre-occupied
vendor-huawei-occupied = occupied
vendor-huawei-answering = answering
vendor-huawei-ringing = ringing
vendor-huawei-outbound = outbound call
vendor-huawei-talking = talking
vendor-huawei-monitoring = monitoring
vendor-huawei-wrap-up = wrap-up
vendor-huawei-busy = busy
vendor-huawei-rest = rest
vendor-huawei-signed-in = signed in
vendor-huawei-signed-out = signed out

## Skill-group view.
groups-backend = Backend
groups-group = Group
groups-id = Id
groups-ready = Ready
groups-ringing = Ring
groups-talking = Talk
groups-wrap-up = Wrap
groups-not-ready = N/R
groups-break = Break
groups-offline = Off
groups-waiting = Waiting
groups-longest = Longest

## Event-log view.
eventlog-title = { $view } ({ $count })
eventlog-time = Time
eventlog-backend = Backend
eventlog-agent = Agent
eventlog-level = Lvl
eventlog-event = Event
eventlog-level-info = info
eventlog-level-warn = warn
eventlog-level-error = ERR
eventlog-repeats = (×{ $count } since { $since })

## Footer.
footer-quit = quit
footer-help = help
footer-view = view
footer-detail = detail
footer-close = close
footer-filter = filter
footer-sort = sort
footer-sign-in = sign-in
footer-reset = reset
footer-reset-all = reset-all
footer-ivr-auth = IVR
footer-break = break
footer-ready = ready
footer-sign-out = sign-out
footer-scroll = scroll
footer-command = cmd
footer-unbound = unbound
footer-filter-hint = Enter keep · Esc clear
footer-command-hint = Enter run · Tab complete · ↑/↓ history · Esc cancel
footer-dialog-confirm = confirm
footer-dialog-cancel = cancel
footer-dialog-next = next
footer-dialog-field = field
footer-dialog-choose = choose
footer-any-key = any key
footer-close-help = close help
footer-readonly = read-only: actions off

## Help overlay.
keyhelp-title = Help · keys (any key closes)
keyhelp-title-scroll = Help · { $first }-{ $last } of { $total } · ↑/↓ PgUp/PgDn scroll, any other key closes
keyhelp-quit = quit
keyhelp-up = move up
keyhelp-down = move down
keyhelp-top = first row
keyhelp-bottom = last row
keyhelp-page-up = page up
keyhelp-page-down = page down
keyhelp-detail = detail pane of the selected agent
keyhelp-next-view = next view: roster, skill groups, event log, trends
keyhelp-filter = filter: text, state=, skill=, backend=, code=
keyhelp-sort = sort: next column, again to reverse
keyhelp-sign-in = sign the agent in
keyhelp-reset = reset the agent's state
keyhelp-reset-all = reset every abnormal agent (Alibaba)
keyhelp-ivr-auth = send the agent's call to IVR authentication
keyhelp-break = put the agent on break
keyhelp-ready = make the agent ready
keyhelp-sign-out = sign the agent out
keyhelp-command = command: :backend, :theme, :lang, :export FILE, :q
keyhelp-help = this help
keyhelp-readonly-off = {" "}(read-only: off)
keyhelp-ctrl-c = quit, always
keyhelp-esc = close the detail pane, clear the filter, cancel
keyhelp-shift-tab = previous view
keyhelp-note-filter = filter: words match id, name, extension, reason and backend
keyhelp-note-terms = terms: state=break skill=sales backend=NAME code=lunch id=… name=…
keyhelp-note-alternatives = state=alert, state=stale; a,b = either of them; !term negates
keyhelp-note-markers = rows: ! needs attention (stuck, over break) · ~ stale · ? no data yet

## Dialog chrome (the texts inside dialogs are in app.ftl).
popup-loading = asking { $backend } for the choices…
popup-many-choices = { $count } choices; type to narrow
popup-no-match = no choice matches; the typed value is used
popup-confirm = Confirm?
popup-do-it = do it
popup-cancel = cancel
popup-form-keys = Enter next/confirm · Tab field · ↑/↓ choose · Space pick · Esc cancel
