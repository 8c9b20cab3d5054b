# callboard: shift messages (en): the Trends view, the wallboard, alerts and the history.
# Every id exists in both languages (tests check).

## View tabs and panel titles.
app-view-trends = Trends
app-view-wall = Wallboard
view-trends = Trends
view-wall = Wallboard

## The Trends view.
trends-points = { $points } points, one per { $interval } s
trends-empty = No history yet: the first point is recorded with the first data, then one every { $interval } s.
trends-group = Skill group
trends-waiting = Waiting
trends-longest = Longest wait
trends-sl = Service level

## The wallboard.
wall-title = callboard wallboard
wall-keys = w/Esc: dashboard · q: quit
wall-waiting = WAITING
wall-longest = LONGEST
wall-sl = SL
wall-ready = ready { $n }
wall-talking = talking { $n }
wall-break = break { $n }
wall-more = … and { $n } more (a bigger terminal or --groups shows them)
wall-no-groups = No skill group matches (check --groups and the filter).
wall-waiting-for-data = Waiting for the first data…

## Alerts in the event log.
shift-alert-waiting = { $value ->
        [one] ALERT { $group }: { $value } call waiting (over { $limit })
       *[other] ALERT { $group }: { $value } calls waiting (over { $limit })
    }
shift-alert-longest = ALERT { $group }: a call has waited { $value } (over { $limit })
shift-alert-sl = ALERT { $group }: service level { $value } (under { $limit })
shift-clear-waiting = { $value ->
        [one] cleared { $group }: { $value } call waiting (limit { $limit })
       *[other] cleared { $group }: { $value } calls waiting (limit { $limit })
    }
shift-clear-longest = cleared { $group }: longest wait { $value } (limit { $limit })
shift-clear-sl = cleared { $group }: service level { $value } (limit { $limit })
shift-alert-agent = ALERT { $who }: { $why }
shift-clear-break = cleared { $who }: no longer over break
shift-clear-stuck = cleared { $who }: no longer stuck

## Exports and `snapshot --history`.
history-none = No history recorded yet at { $path }: the dashboard writes it there while it runs ([history] persist = true, the default).
history-unreadable = Cannot read the history file { $path }: { $reason }
history-skipped = { $n } damaged lines of { $path } were skipped.
history-unwritable = The history is no longer kept in { $path }: { $reason }

## The help overlay.
keyhelp-wall = the wallboard: big tiles per skill group (w or Esc comes back)

## Exports.
toast-history-exported = { $lines ->
        [one] exported { $lines } history row to { $path }
       *[other] exported { $lines } history rows to { $path }
    }
