# callboard: headless commands (snapshot, check, init, act).

## `callboard snapshot --format table`.
table-backend = BACKEND
table-agent = AGENT
table-name = NAME
table-state = STATE
table-reason = REASON
table-time-in-state = TIME IN STATE
table-skills = SKILLS
table-ext = EXT

## `callboard check`.
check-backend-ok = backend { $backend } ({ $kind }, { $endpoint }): ok, { $agents ->
        [one] { $agents } agent reported
       *[other] { $agents } agents reported
    }
check-backend-failed = backend { $backend } ({ $kind }, { $endpoint }): FAILED: { $reason }
check-cms-ok = {"  "}cms of { $backend } ({ $endpoint }): ok, { $agents ->
        [one] { $agents } agent with state times
       *[other] { $agents } agents with state times
    }
check-cms-failed = {"  "}cms of { $backend } ({ $endpoint }): FAILED: { $reason }
check-some-failed = callboard check: { $failed } of { $total ->
        [one] { $total } backend failed; see the fixes above
       *[other] { $total } backends failed; see the fixes above
    }
check-all-good = all good
check-language = language: { $lang } ({ $source })
lang-source-flag = --lang
lang-source-config = the config's lang
lang-source-env = from { $var }
lang-source-default = default

## `callboard init`.
init-wrote = wrote a starter config to { $path } (readable by you only); edit its backends, then run `callboard check{ $flag }`
check-config-warning = { $file }:{ $line }:{ $column }: warning: { $message }; { $fix }
check-config-ok = config { $path }: ok ({ $backends ->
        [one] { $backends } backend
       *[other] { $backends } backends
    }{ $warnings ->
        [0] {""}
       *[other] , { $warnings } warning(s) above
    })
check-theme-ok = theme { $theme }: ok ({ $words })
check-theme-bad = theme { $theme }: { $fix }
check-theme-built-in = built-in
check-theme-file = file { $path }
check-theme-unknown = unknown theme; use one of { $themes }, or the path of a theme file
check-theme-invalid = { $reason }; fix the theme file (see themes/default.toml for the format), or use a built-in theme: { $themes }
check-theme-unreadable = cannot read the theme file { $path }: { $reason }; fix the path, or use a built-in theme: { $themes }
check-theme-files = theme files found: { $files }
check-no-backend = no backend in { $path }; add a [[backend]] table (`callboard init` writes an example)
check-no-answer = no answer within { $secs } s; check the endpoint, the network path and any proxy or firewall

## Config problems and the config in use (every command).
config-problems = callboard { $command }: the config has { $count ->
        [one] { $count } problem; fix it
       *[other] { $count } problems; fix them
    } and run `callboard check`
setup-demo-origin = the embedded simulator's config (--demo)
setup-no-backend = no backend named "{ $backend }" in { $origin }; use one of: { $backends }
setup-no-backends = (none: add a [[backend]] table to the config)

## `callboard snapshot`.
snapshot-no-backend = callboard snapshot: { $origin } has no backend; add a [[backend]] table (see `callboard init`)
snapshot-warning = callboard snapshot: warning: { $warning }

## `callboard act`: usage problems, the vendor's flags, outcomes.
act-empty-backend = --backend is empty; give the backend's name from the config
act-empty-agent = --agent is empty; give the agent id (Alibaba login@instance, Huawei work number)
act-empty-flow = --flow is empty; give the contact flow id or name (Huawei: the IVR access code)
act-empty-code = --code is empty; give a break code (Alibaba) or rest cause (Huawei)
act-empty-device = --device is empty; leave it out to use the agent's own device
vendor-aliyun = Alibaba Cloud CCC
vendor-huawei = Huawei CC-Gateway
act-unused-device = --device does not apply to { $vendor }: a Huawei agent signs in on the softphone number the config gives it (agent_phone, or phonenum in the agent's entry)
act-unused-skill-groups = --skill-group does not apply to { $vendor }: a Huawei agent signs into the skills the gateway assigns to its work number
act-unused-idle = --idle does not apply to { $vendor }: Alibaba ResetAgentState always signs the agent out; to make an agent ready use `callboard act ready`
act-unused-secs = --secs does not apply to { $vendor }: Alibaba TakeBreak has no length; set the break code's planned duration in [backend.thresholds.planned] to be warned when an agent overruns it
act-unused-separator = {"; "}
act-unused = { $unused }. Backend { $backend } is { $vendor }, so nothing was sent; leave { $count ->
        [one] it
       *[other] them
    } out
act-reset-all-huawei = reset-all does not apply to { $vendor }: it is Alibaba Cloud CCC's ResetUserStatus; backend { $backend } is { $vendor }, so nothing was sent: reset its agents one at a time with `callboard act reset --backend { $backend } --agent WORKNO`
act-hold-aliyun = --hold does not apply to { $vendor }: an Alibaba agent stays signed in after callboard exits, so there is no session to hold; backend { $backend } is { $vendor }, so nothing was sent: leave --hold (and --on-exit) out
act-sign-in-needs-hold = on { $vendor } an agent stays signed in only while a client polls its events, and `act` would exit at once: the gateway would sign agent { $agent } out after its heartbeat timeout (2 minutes) without a poll. Nothing was sent. Add --hold to hold the session in the foreground until Ctrl-C or SIGTERM (it then signs the agent out; --on-exit stay leaves it signed in), or sign the agent in from the dashboard, which holds the session while it runs
act-target-agent = agent { $agent } on { $backend }
act-target-all = every agent on { $backend }
act-json-failed = callboard act: cannot write the outcome as JSON: { $reason }
act-done = { $command } { $target }: done: { $summary }
act-unknown = callboard act { $command } { $target }: outcome unknown: { $summary }
act-not-done = callboard act { $command } { $target }: not done: { $summary }
act-readonly = read-only: callboard does not act on agents because { $why }; nothing was sent to { $backend }. To act, { $fix }
act-readonly-flag = --readonly was given
act-readonly-config = readonly = true in { $origin }
act-readonly-fix-flag = run it again without --readonly
act-readonly-fix-config = set readonly = false in the config to allow actions
act-not-started = backend { $backend } could not be started
act-nothing-done = nothing was done: { $reason }

## `callboard act sign-in --hold` (Huawei).
hold-exit-sign-out = signs the agent out
hold-exit-stay = stops polling and leaves the agent signed in (the gateway signs it out after its heartbeat timeout, 2 minutes, unless another client takes the session over)
hold-not-huawei = callboard act sign-in: backend { $backend } is not a Huawei backend; nothing to hold
hold-holding = holding the session of agent { $agent } on { $backend }: press Ctrl-C (or send SIGTERM) to stop; callboard then { $then }
hold-ended = callboard act sign-in agent { $agent } on { $backend }: the session ended while callboard held it: the gateway signed the agent out (signed in elsewhere, forced out by a supervisor, or the session could not be restored); sign it in again if it should take calls
hold-ended-why = callboard act sign-in agent { $agent } on { $backend }: the session ended while callboard held it: the gateway signed the agent out ({ $why }) (signed in elsewhere, forced out by a supervisor, or the session could not be restored); sign it in again if it should take calls
hold-stayed = stopped holding agent { $agent } on { $backend }: left it signed in; with nobody polling, the gateway signs it out after its heartbeat timeout (2 minutes) unless another client takes the session over
hold-stopping = stopping: signing agent { $agent } out of { $backend }
hold-sign-out-failed = callboard stops polling agent { $agent }'s session anyway: the gateway signs it out after its heartbeat timeout (2 minutes)

## Starting (`callboard` without a command, `--demo`).
run-no-embedded-sim = callboard { $command }: cannot start the embedded simulator: { $reason }
run-no-config =
    callboard: no config at { $path }. To start:
    {"  "}callboard demo    try callboard on its built-in simulator, no setup
    {"  "}callboard init    write a commented starter config, then edit it
run-no-config-path =
    callboard: { $reason }.
    To start: `callboard demo` (built-in simulator) or `callboard init --config FILE`
