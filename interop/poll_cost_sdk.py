#!/usr/bin/env python3
"""The official Alibaba Cloud CCC Python SDK (alibabacloud_ccc20200701, unchanged) doing what one
callboard refresh does, back to back, for the side-by-side poll-cost harness
(`cargo run --release --example poll_cost -- --peer-sdk`):

- every page of ListRealtimeAgentStates (PageSize 100),
- every page of ListRealtimeSkillGroupStates (PageSize 100),
- every tenth refresh (the first included), every page of ListUsers and of ListSkillGroups.

One warm-up refresh, then refreshes for --secs seconds. Prints one JSON line: refreshes done,
agents per refresh, CPU seconds of this process (time.process_time: user + system, all threads)
and wall seconds over the measured refreshes, and the peak RSS.

Usage: poll_cost_sdk.py --endpoint 127.0.0.1:PORT --ak ID --secret SECRET [--instance ccc-sim]
       [--secs 30] [--directory-every 10]
"""

import argparse
import json
import resource
import time

from alibabacloud_ccc20200701 import models as ccc
from alibabacloud_ccc20200701.client import Client
from alibabacloud_tea_openapi import models as open_api_models

PAGE_SIZE = 100
MAX_PAGES = 100


def walk(call, request_cls, instance):
    """Every item of a paged List* API, page by page."""
    items, page = [], 1
    while True:
        data = call(
            request_cls(instance_id=instance, page_number=page, page_size=PAGE_SIZE)
        ).body.data
        batch = data.list or []
        items.extend(batch)
        if len(items) >= (data.total_count or 0) or not batch or page >= MAX_PAGES:
            return items
        page += 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--ak", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--instance", default="ccc-sim")
    p.add_argument("--secs", type=float, default=30.0)
    p.add_argument("--directory-every", type=int, default=10)
    args = p.parse_args()
    client = Client(
        open_api_models.Config(
            access_key_id=args.ak,
            access_key_secret=args.secret,
            endpoint=args.endpoint,
            protocol="http",
            read_timeout=60000,
            connect_timeout=5000,
        )
    )
    count = [0]

    def refresh():
        if count[0] % args.directory_every == 0:
            walk(client.list_users, ccc.ListUsersRequest, args.instance)
            walk(client.list_skill_groups, ccc.ListSkillGroupsRequest, args.instance)
        agents = walk(
            client.list_realtime_agent_states, ccc.ListRealtimeAgentStatesRequest, args.instance
        )
        walk(
            client.list_realtime_skill_group_states,
            ccc.ListRealtimeSkillGroupStatesRequest,
            args.instance,
        )
        count[0] += 1
        return len(agents)

    refresh()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    done, agents = 0, 0
    while time.perf_counter() - wall0 < args.secs:
        agents = refresh()
        done += 1
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "refreshes": done,
                "agents": agents,
                "cpu_secs": cpu,
                "wall_secs": wall,
                "peak_rss_mib": peak_kib / 1024.0,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
