# callboard: `callboard serve` (the dashboard over SSH).

## On a session's screen.
serve-viewer-hello = viewer: this SSH key shows the floor; action keys are off (ask for callboard-role="operator" to act)
serve-readonly-server = read-only: this server runs with --readonly; every session is a viewer
serve-refused-viewer = { $action } refused: this SSH key has the viewer role (an operator key has callboard-role="operator" in the server's authorized keys)
serve-refused-readonly = { $action } refused: the server runs with --readonly (or [serve] readonly = true)
serve-no-export = export is not available over SSH (the file would be written on the server); run `callboard snapshot --format csv` where you need the file

## In the floor's event log (every session).
serve-action-by = { $summary } (by { $user } over SSH)

## To a client that does not get a dashboard (its stderr).
serve-needs-pty = the dashboard needs a terminal: connect with `ssh -t` (no command, no -T)
serve-no-exec = commands are not run here (no shell): connect without a command to get the dashboard
serve-no-subsystem = no subsystems (sftp, ...) here: connect without one to get the dashboard

## `callboard serve` on its own terminal.
serve-listening = callboard serve: listening on { $addr } ({ $keys } authorized, { $operators } operator)
serve-host-key = callboard serve: host key { $path } ({ $fingerprint })
serve-host-key-new = callboard serve: created the host key { $path } ({ $fingerprint }); clients will ask to trust this fingerprint once
serve-connect = callboard serve: connect with  ssh -p { $port } { $user }@{ $host }
serve-audit = callboard serve: actions are audited in { $path }
serve-demo = callboard serve: serving the embedded simulator at { $addr }
serve-stopping = callboard serve: shutting down
serve-no-keys = callboard serve: name the keys allowed in with --authorized-keys FILE (or authorized_keys in [serve]): OpenSSH authorized_keys lines, with callboard-role="operator" before the keys that may act
serve-bad-listen = callboard serve: { $reason }; set --listen or listen in [serve]
serve-failed = callboard serve: { $reason }
serve-no-state-dir = callboard serve: no state directory for the default host key; name one with --host-key FILE
