# callboard: app messages (en). Every id exists in both languages (tests check).
# Toasts, dialogs, `:` commands, filter errors and event-log lines composed by the app.

## Views (tabs).
app-view-roster = Roster
app-view-groups = Skill groups
app-view-log = Event log

## Actions: inline (the command names), and as a dialog title starts.
action-sign-in = sign-in
action-reset = reset
action-reset-all = reset-all
action-ivr-auth = ivr-auth
action-break = break
action-ready = ready
action-sign-out = sign-out
action-title-sign-in = Sign in
action-title-reset = Reset
action-title-reset-all = Reset all
action-title-ivr-auth = IVR authentication
action-title-break = Break
action-title-ready = Ready
action-title-sign-out = Sign out
action-title-other = Action

## How an action went (the status, and what reading the agent back showed).
status-ok = done
status-verified-applied = done (verified from the next poll)
status-refused = refused
status-failed = not done
status-verified-not-applied = not applied (verified from the next poll)
status-unknown = outcome unknown

## Who an action is on.
who-named = { $name } ({ $agent })

## Action dialogs.
dialog-title = { $verb } · { $who }
dialog-title-which-backend = { $verb } · which Alibaba backend?
dialog-who = { $agent } ({ $backend })
dialog-who-named = { $name } ({ $agent }, { $backend })
dialog-who-reset-all = every abnormal agent on { $backend }
dialog-field-after-reset = after the reset
dialog-choice-signed-out = signed out (forced sign-out, releases any call)
dialog-choice-idle = idle (forced idle)
dialog-field-backend = backend
dialog-none-stuck = none shown stuck
dialog-n-stuck = { $count } shown stuck
dialog-hint-pick = type to narrow, ↑/↓ to pick
dialog-field-device = device
dialog-hint-device = empty: the agent's own device
dialog-field-skill-groups = skill groups
dialog-hint-skill-groups = space picks; none: the agent's own groups
dialog-field-flow = contact flow
dialog-field-access-code = IVR access code
dialog-field-break-code = break code
dialog-field-rest-cause = rest cause
dialog-field-seconds = seconds
dialog-hint-seconds = empty: the cause's planned time
dialog-no-choices = could not fetch choices: { $reason }; type a value
dialog-opener = `{ $key }` opened this dialog, so it does not confirm it: press { $keys } to confirm, n or Esc to cancel
dialog-or = {" "}or{" "}
dialog-required = { $field } is required
dialog-pick-backend = pick a backend
dialog-pick-flow = pick a flow
dialog-pick-break-code = pick a break code
dialog-secs-range = seconds must be between 1 and 86399
dialog-not-agent-action = { $action } is not an agent action
dialog-sign-in-huawei = Sign in { $who } with the credentials in the config; callboard keeps the session alive while it runs (the gateway signs the agent out 2 minutes after callboard stops).
dialog-sign-in = Sign in { $who } on { $device } into { $groups }.
dialog-own-device = the agent's own device
dialog-device = device { $device }
dialog-own-groups = the agent's own skill groups
dialog-reset-idle-huawei = Force { $who } to idle through the inspector.
dialog-reset-huawei = Force { $who } to sign out through the inspector. An active call is released.
dialog-reset = Reset { $who } (ResetAgentState): whatever state it is stuck in ends.
dialog-reset-all = Reset every agent in an abnormal state on { $backend } (ResetUserStatus); { $backend } decides which, so how many is known only from its answer.{ $seen }
dialog-reset-all-seen = {" "}callboard shows { $stuck } stuck there.
dialog-reset-all-none-seen = {" "}callboard shows no agent stuck there.
dialog-ivr-auth = Send { $who }'s { $call } to { $flow } for authentication; the call comes back when the flow ends.
dialog-current-call = current call
dialog-call = call { $call }
dialog-break = Put { $who } on break: { $label }{ $for }.
dialog-break-for = {" "}for { $secs } s
dialog-ready = Make { $who } ready for calls.
dialog-sign-out = Sign { $who } out.

## Reset-all: what callboard shows stuck on a backend.
reset-all-stuck-none = none
reset-all-stuck = { $count ->
        [one] { $count } agent
       *[other] { $count } agents
    }: { $ids }
reset-all-stuck-more = { $count ->
        [one] { $count } agent
       *[other] { $count } agents
    }: { $ids } and { $more } more
reset-all-no-aliyun = reset-all is an Alibaba Cloud action, and no Alibaba backend is configured

## Toasts of keys and actions.
toast-sent = sent: { $action } → { $who }
toast-readonly = read-only: { $action } is disabled (readonly = true in the config, or --readonly)
toast-switch-to-roster = switch to the roster (Tab) to act on an agent
toast-no-agent = no agent selected
toast-backend = { $backend }: { $text }
toast-theme-fallback = theme: { $reason }; using the default theme

## Event-log lines.
log-connected = connected
log-degraded = degraded: { $reason }
log-down = down: { $reason }
log-state-change = { $from } → { $to }
log-state-change-reason = { $from } → { $to } ({ $reason })
log-outcome = { $action } { $who }: { $summary }

## Attention.
alert-over-break = over planned break ({ $planned } planned, { $over } over)
alert-stuck = stuck: longer than { $limit } in this state

## `:` commands.
command-empty = type a command: :backend NAME, :theme NAME, :filter TEXT, :lang en|zh-CN, :export FILE, :help, :q
command-unknown = unknown command `{ $command }`: use :backend NAME, :theme NAME, :filter TEXT, :lang en|zh-CN, :export FILE, :help or :q
command-theme-usage = usage: :theme NAME (default, light, high-contrast, mono, or a .toml path)
command-lang-usage = usage: :lang en or :lang zh-CN (now { $lang })
command-lang-set = language: English (en); :lang zh-CN switches to 简体中文
command-all-backends = showing every backend
command-one-backend = showing backend { $backend }
command-no-backend = no backend `{ $backend }`; backends: { $backends }
command-theme-set = theme { $theme }
command-theme-failed = theme not changed: { $reason }

## Filter (`/`) errors.
filter-no-state = state= needs a state: ready, ringing, dialing, talking, wrap-up, not-ready, break, signing-in, offline, stale or alert
filter-unknown-state = unknown state `{ $state }`: use ready, ringing, dialing, talking, wrap-up, not-ready, break, signing-in, offline, stale or alert (several with commas)
filter-unknown-key = unknown filter key `{ $key }`: use state=, skill=, backend=, code=, id= or name=
filter-no-value = { $key }= needs a value

## The terminal and the demo.
tui-no-terminal = callboard: cannot use this terminal: { $reason }; run callboard in an interactive terminal, or use `callboard snapshot` for scripts
tui-terminal-failed = callboard: the terminal failed: { $reason }
demo-banner = demo: simulator on http://{ $addr } (both vendors); press ? for keys
demo-no-sim = callboard demo: cannot start the simulator: { $reason }

command-export-usage = usage: :export FILE (JSON lines; CSV when FILE ends in .csv)
toast-exported = { $lines ->
        [one] exported { $lines } event-log line to { $path }
       *[other] exported { $lines } event-log lines to { $path }
    }
toast-export-failed = cannot export to { $path }: { $reason }
