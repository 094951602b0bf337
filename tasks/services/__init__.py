"""Tasks, reminders and digests: every write with a side effect, and every mail sent.

Reminders are derived from the data and keyed uniquely (`planner`), then claimed,
grouped per recipient and sent once (`sender`). A lost job message, a crashed
worker, two beat processes or a Redis outage only delay them. `tasks` holds the
task lifecycle, `digests` the daily summaries, `mail` what every mail shares,
`preferences` the per-user settings and calendar link.

Import the module you need (`from tasks.services import planner`): this package
imports none of them, so `tasks.jobs` can import the senders while `tasks`
queues its job without a cycle.
"""
