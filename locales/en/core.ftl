# callboard: words used everywhere (states, categories, languages). Every id here exists in
# ../zh-CN/*.ftl too, and every id is used by the code (tests check both). Arguments are
# { $name }; plurals use Fluent selectors on numbers.

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

## Languages.
lang-unknown = unknown language "{ $given }"; use en or zh-CN

## Durations (compact, two units at most).
duration-s = { $s }s
duration-m-s = { $m }m{ $s }s
duration-h-m = { $h }h{ $m }m
duration-d-h = { $d }d{ $h }h
