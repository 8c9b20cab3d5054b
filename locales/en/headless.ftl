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
