# Service level and queue KPIs (issue 13): the skill-group view's columns and the
# `callboard snapshot --queues` table.
kpi-sl = SL%
kpi-abandoned = Lost
kpi-asa = ASA
kpi-legend = SL% answered within { $secs } s · Lost = abandoned · ASA = average speed of answer · ≈ estimated by callboard · – unknown
queue-table-backend = BACKEND
queue-table-group = GROUP
queue-table-id = ID
queue-table-waiting = WAITING
queue-table-longest = LONGEST
queue-table-sl = SL%
queue-table-threshold = SL WITHIN
queue-table-offered = OFFERED
queue-table-answered = ANSWERED
queue-table-abandoned = ABANDONED
queue-table-asa = ASA
queue-table-source = SOURCE
queue-source-vendor = vendor
queue-source-computed = computed
