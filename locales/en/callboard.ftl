# callboard's English messages. Every id here exists in ../zh-CN/callboard.ftl too (a test checks),
# and every id is used by the code (a test checks that too). Arguments are { $name }; plurals use
# Fluent selectors on numbers.

## Agent states (StateKey), as shown in tables and the header.
state-ready = Ready
state-ringing = Ringing
state-dialing = Dialing
state-talking = Talking
state-supervising = Supervising
state-wrap-up = Wrap-up
state-not-ready = Not ready
state-break = Break
state-signing-in = Signing in
state-offline = Offline
state-stale = Stale
state-unknown = Unknown

## Reason categories.
category-short-break = Short break
category-meal = Meal
category-meeting = Meeting
category-training = Training
category-busy-other = Busy (other)
category-system-no-answer = No answer (system)
category-system-reject = Rejected (system)
category-warm-up = Warm-up
category-supervisor-forced = Forced by supervisor
category-device = Device
category-unknown = Unknown

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

## Languages.
lang-unknown = unknown language "{ $given }"; use en or zh-CN

## `callboard init`.
init-wrote = wrote a starter config to { $path } (readable by you only); edit its backends, then run `callboard check{ $flag }`
