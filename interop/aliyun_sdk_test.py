#!/usr/bin/env python3
"""Interop test: drive the callboard simulator's Alibaba Cloud CCC API with the unchanged official
Python SDKs (alibabacloud_ccc20200701 / tea-openapi, V3 ACS3-HMAC-SHA256 signatures, and
aliyun-python-sdk-core, V2 HMAC-SHA1 signatures) over plain http, checking the answers against the
simulator's ground truth at GET /_sim/state.

Usage: aliyun_sdk_test.py --endpoint 127.0.0.1:PORT --ak ID --secret SECRET [--instance ccc-sim]

Prints one line per check and exits non-zero on the first failure.
"""

import argparse
import json
import sys
import time
import urllib.request

from alibabacloud_ccc20200701 import models as ccc
from alibabacloud_ccc20200701.client import Client
from alibabacloud_tea_openapi import models as open_api_models
from aliyunsdkcore.acs_exception.exceptions import ClientException as CoreClientException
from aliyunsdkcore.acs_exception.exceptions import ServerException as CoreServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest

REALTIME_STATES = {"Ready", "Talking", "ACW", "Break", "Ringing", "Offline", "Dialing"}
# Agent-context vocabulary (action APIs, PollUserStatus) -> realtime vocabulary (/_sim/state).
UPPER_TO_REALTIME = {
    "READY": "Ready",
    "TALKING": "Talking",
    "WORKING": "ACW",
    "BREAK": "Break",
    "RINGING": "Ringing",
    "OFFLINE": "Offline",
    "DIALING": "Dialing",
}
PAGE_SIZE = 100


class CheckFailed(Exception):
    """A check did not hold."""


def ok(name, detail=""):
    print(f"PASS {name}" + (f": {detail}" if detail else ""), flush=True)


def check(name, cond, detail=""):
    if not cond:
        raise CheckFailed(f"{name}: {detail}")
    ok(name, detail)


def eventually(name, fn, tries=3, delay=0.3):
    """Runs fn() -> (cond, detail) until cond holds (the simulated world may move between reads)."""
    cond, detail = False, ""
    for attempt in range(tries):
        cond, detail = fn()
        if cond:
            break
        if attempt + 1 < tries:
            time.sleep(delay)
    check(name, cond, detail)


def sdk_error_code(exc):
    """The error code carried by an exception of either SDK, or None."""
    if isinstance(exc, (CoreServerException, CoreClientException)):
        return exc.get_error_code()
    return getattr(exc, "code", None)


class Interop:
    def __init__(self, args):
        self.endpoint = args.endpoint
        self.ak = args.ak
        self.secret = args.secret
        self.instance = args.instance
        self.client = self.tea_client(self.ak, self.secret)

    # ------------------------------------------------------------------ plumbing

    def tea_client(self, ak, secret, signature_algorithm=None):
        config = open_api_models.Config(
            access_key_id=ak,
            access_key_secret=secret,
            endpoint=self.endpoint,
            protocol="http",
            read_timeout=15000,
            connect_timeout=5000,
        )
        if signature_algorithm:
            config.signature_algorithm = signature_algorithm
        return Client(config)

    def core_client(self, secret):
        return AcsClient(self.ak, secret, "cn-shanghai", auto_retry=False, timeout=15, connect_timeout=5)

    def core_request(self, action, params):
        req = CommonRequest()
        req.set_accept_format("json")
        req.set_domain(self.endpoint)
        req.set_protocol_type("http")
        req.set_method("POST")
        req.set_version("2017-07-05")
        req.set_action_name(action)
        for k, v in params.items():
            req.add_query_param(k, v)
        return req

    def sim_state(self):
        with urllib.request.urlopen(f"http://{self.endpoint}/_sim/state", timeout=10) as resp:
            state = json.loads(resp.read().decode("utf-8"))
        agents = {}
        for agent in state.get("agents", []):
            if agent.get("vendor") == "aliyun":
                agents[self.full_id(agent["id"])] = agent
        return agents

    def full_id(self, agent_id):
        return agent_id if "@" in agent_id else f"{agent_id}@{self.instance}"

    def sim_agent(self, agent_id):
        return self.sim_state().get(agent_id)

    def expect_error(self, name, code, fn):
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - both SDKs' exception types are accepted
            got = sdk_error_code(exc)
            check(name, got == code, f"error code {got!r} (expected {code!r})")
            return
        raise CheckFailed(f"{name}: call succeeded, expected error {code}")

    def walk_agent_states(self, page_size=PAGE_SIZE, **filters):
        """All ListRealtimeAgentStates items for the filters, page by page; returns (items, total, pages)."""
        items, page, total = [], 1, None
        while True:
            req = ccc.ListRealtimeAgentStatesRequest(
                instance_id=self.instance, page_number=page, page_size=page_size, **filters
            )
            data = self.client.list_realtime_agent_states(req).body.data
            if total is None:
                total = data.total_count
            if data.page_number != page or data.page_size != page_size:
                raise CheckFailed(
                    f"ListRealtimeAgentStates paging: asked page {page} size {page_size}, "
                    f"got page {data.page_number} size {data.page_size}"
                )
            batch = data.list or []
            items.extend(batch)
            if len(items) >= total or not batch or page >= 100:
                return items, total, page
            page += 1

    def walk(self, call, request_cls, **kwargs):
        """All items of a paginated List* API (PageSize 100); returns (items, total)."""
        items, page, total = [], 1, None
        while True:
            data = call(
                request_cls(instance_id=self.instance, page_number=page, page_size=PAGE_SIZE, **kwargs)
            ).body.data
            if total is None:
                total = data.total_count
            batch = data.list or []
            items.extend(batch)
            if len(items) >= total or not batch or page >= 100:
                return items, total
            page += 1

    # ------------------------------------------------------------------ monitoring

    def check_agent_states(self, truth):
        items, total, pages = self.walk_agent_states()
        check("ListRealtimeAgentStates TotalCount", total == len(truth),
              f"TotalCount={total}, /_sim/state has {len(truth)} aliyun agents")
        ids = [i.agent_id for i in items]
        check("ListRealtimeAgentStates paging", len(ids) == total and len(set(ids)) == len(ids)
              and pages == max(1, -(-total // PAGE_SIZE)),
              f"{len(ids)} unique agents over {pages} page(s) of {PAGE_SIZE}")
        check("ListRealtimeAgentStates agent ids", set(ids) == set(truth),
              f"missing={sorted(set(truth) - set(ids))[:5]} extra={sorted(set(ids) - set(truth))[:5]}")
        first = items[0]
        check("ListRealtimeAgentStates item fields",
              first.instance_id == self.instance and first.state in REALTIME_STATES
              and all(i.state in REALTIME_STATES for i in items),
              f"first: agent_id={first.agent_id} state={first.state} instance={first.instance_id}")

        small, small_total, small_pages = self.walk_agent_states(page_size=7)
        check("ListRealtimeAgentStates PageSize 7 walk",
              small_total == total and sorted(i.agent_id for i in small) == sorted(ids),
              f"{len(small)} agents over {small_pages} page(s)")

        def states_match():
            now = self.sim_state()
            items, _, _ = self.walk_agent_states()
            diff = [(i.agent_id, i.state, now.get(i.agent_id, {}).get("state")) for i in items
                    if now.get(i.agent_id, {}).get("state") != i.state]
            return not diff, f"{len(items)} agents agree with /_sim/state" if not diff else f"mismatch {diff[:5]}"
        eventually("ListRealtimeAgentStates states match /_sim/state", states_match)

        chosen = sorted(truth)[:20]
        sel, sel_total, _ = self.walk_agent_states(agent_id_list=json.dumps(chosen))
        check("ListRealtimeAgentStates AgentIdList filter",
              sel_total == len(chosen) and sorted(i.agent_id for i in sel) == chosen,
              f"asked {len(chosen)} ids, got TotalCount={sel_total} list={len(sel)}")

        wanted = ["Ready", "Break"]

        def state_filter():
            now = self.sim_state()
            got, got_total, _ = self.walk_agent_states(state_list=json.dumps(wanted))
            expect = sorted(a for a, s in now.items() if s.get("state") in wanted)
            got_ids = sorted(i.agent_id for i in got)
            cond = all(i.state in wanted for i in got) and got_ids == expect and got_total == len(expect)
            return cond, f"StateList={wanted}: {got_total} agents, /_sim/state has {len(expect)}"
        eventually("ListRealtimeAgentStates StateList filter", state_filter)

        groups = {}
        for agent_id, agent in truth.items():
            for g in agent.get("skill_groups", []):
                groups.setdefault(g["id"], set()).add(agent_id)
        if not groups:
            raise CheckFailed("/_sim/state: no aliyun agent belongs to a skill group")
        group_id = max(sorted(groups), key=lambda g: len(groups[g]))
        got, got_total, _ = self.walk_agent_states(skill_group_id=group_id)
        got_ids = {i.agent_id for i in got}
        check("ListRealtimeAgentStates SkillGroupId filter",
              got_total == len(got) and got_ids <= groups[group_id] and got_ids,
              f"SkillGroupId={group_id}: {len(got)} agents, all among its {len(groups[group_id])} members")
        return groups

    def check_instance_states(self):
        def counters():
            truth = self.sim_state()
            data = self.client.get_realtime_instance_states(
                ccc.GetRealtimeInstanceStatesRequest(instance_id=self.instance)).body.data
            count = lambda s: sum(1 for a in truth.values() if a.get("state") == s)  # noqa: E731
            expect = {
                "total_agents": len(truth),
                "logged_in_agents": len(truth) - count("Offline"),
                "ready_agents": count("Ready"),
                "talking_agents": count("Talking"),
                "working_agents": count("ACW"),
                "breaking_agents": count("Break"),
            }
            got = {k: getattr(data, k) for k in expect}
            breaks = data.break_code_detail_list or []
            cond = got == expect and data.instance_id == self.instance and (
                not breaks or sum(b.count for b in breaks) == expect["breaking_agents"])
            return cond, f"got {got}, expected {expect}, break codes {[(b.break_code, b.count) for b in breaks]}"
        eventually("GetRealtimeInstanceStates counters", counters)

    def check_skill_groups(self, groups):
        sgs, total = self.walk(self.client.list_skill_groups, ccc.ListSkillGroupsRequest)
        by_id = {g.skill_group_id: g for g in sgs}
        check("ListSkillGroups", total == len(sgs) and set(groups) <= set(by_id),
              f"TotalCount={total}; all {len(groups)} groups of /_sim/state present")
        names = {g["id"]: g["name"] for a in self.sim_state().values() for g in a.get("skill_groups", [])}
        check("ListSkillGroups names", all(by_id[g].skill_group_name == names[g] for g in groups),
              f"e.g. {next(iter(groups))} -> {by_id[next(iter(groups))].skill_group_name}")

        def per_group():
            truth = self.sim_state()
            rows, rows_total = self.walk(self.client.list_realtime_skill_group_states,
                                         ccc.ListRealtimeSkillGroupStatesRequest)
            bad = []
            for row in rows:
                members = [a for a in truth.values()
                           if any(g["id"] == row.skill_group_id for g in a.get("skill_groups", []))]
                ready = sum(1 for a in members if a.get("state") == "Ready")
                if row.total_agents != len(members) or row.ready_agents != ready:
                    bad.append((row.skill_group_id, row.total_agents, len(members), row.ready_agents, ready))
            cond = rows_total == len(rows) == total and not bad
            return cond, f"{len(rows)} groups (ListSkillGroups: {total}); mismatches {bad[:3]}"
        eventually("ListRealtimeSkillGroupStates per-group counters", per_group)

    def check_users(self, truth):
        users, total = self.walk(self.client.list_users, ccc.ListUsersRequest)
        ids = {u.user_id for u in users}
        check("ListUsers", total == len(truth) and ids == set(truth),
              f"TotalCount={total}, {len(ids)} user ids match /_sim/state")
        sample = sorted(users, key=lambda u: u.user_id)[0]
        expect = sorted((g["id"], int(g["level"])) for g in truth[sample.user_id].get("skill_groups", []))
        got = sorted((s.skill_group_id, s.skill_level) for s in (sample.skill_level_list or []))
        check("ListUsers SkillLevelList", got == expect, f"{sample.user_id}: {got}")

    def device_for(self, agent_id):
        data = self.client.list_devices(
            ccc.ListDevicesRequest(instance_id=self.instance, user_id=agent_id)).body.data or []
        check("ListDevices", all(d.user_id == agent_id for d in data) and len(data) >= 1,
              f"{agent_id}: {[d.device_id for d in data]}")
        return data[0].device_id

    def contact_flow(self):
        flows, total = self.walk(self.client.list_contact_flows, ccc.ListContactFlowsRequest)
        check("ListContactFlows", total >= 1 and len(flows) == total and flows[0].contact_flow_id,
              f"TotalCount={total}, first {flows[0].contact_flow_id if flows else None}")
        return flows[0].contact_flow_id

    # ------------------------------------------------------------------ actions

    def expect_agent(self, name, agent_id, data, upper, realtime, break_code=None):
        """Checks an action's agent context and the agent's row in /_sim/state."""
        sim = self.sim_agent(agent_id) or {}
        cond = (data.user_id == agent_id and data.user_state in upper
                and sim.get("state") in realtime
                and (break_code is None or (data.break_code == break_code and sim.get("break_code") == break_code)))
        check(name, cond, f"UserState={data.user_state} BreakCode={data.break_code}; "
                          f"/_sim/state: state={sim.get('state')} break_code={sim.get('break_code')}")

    def check_actions(self, truth):
        idle = sorted(a for a, s in truth.items() if s.get("state") in ("Offline", "Break", "Ready"))
        if not idle:
            raise CheckFailed("/_sim/state: no aliyun agent is Offline, Break or Ready")
        agent_id = idle[0]
        groups = [g["id"] for g in truth[agent_id].get("skill_groups", [])]
        device = self.device_for(agent_id)
        base = dict(instance_id=self.instance, user_id=agent_id, device_id=device)

        data = self.client.reset_agent_state(ccc.ResetAgentStateRequest(**base)).body.data
        self.expect_agent("ResetAgentState", agent_id, data, {"OFFLINE"}, {"Offline"})

        req = ccc.SignInGroupRequest(signed_skill_group_id_list=json.dumps(groups), **base)
        data = self.client.sign_in_group(req).body.data
        self.expect_agent("SignInGroup", agent_id, data, {"BREAK", "READY"}, {"Break", "Ready"})
        check("SignInGroup signed groups", sorted(data.signed_skill_group_id_list or []) == sorted(groups),
              f"{data.signed_skill_group_id_list}")
        if data.user_state == "BREAK":
            check("SignInGroup warm-up", data.break_code == "Warm-up", f"BreakCode={data.break_code}")

        data = self.client.take_break(ccc.TakeBreakRequest(code="lunch", **base)).body.data
        self.expect_agent("TakeBreak", agent_id, data, {"BREAK"}, {"Break"}, break_code="lunch")

        data = self.client.ready_for_service(ccc.ReadyForServiceRequest(**base)).body.data
        # A ready agent may be offered a call at once by a running simulation.
        self.expect_agent("ReadyForService", agent_id, data, {"READY"}, {"Ready", "Ringing", "Talking"})

        poll = self.client.poll_user_status(ccc.PollUserStatusRequest(**base)).body.data
        uc = poll.user_context
        check("PollUserStatus", uc.user_id == agent_id and uc.user_state in UPPER_TO_REALTIME
              and uc.instance_id == self.instance, f"{agent_id}: UserState={uc.user_state}")

        if UPPER_TO_REALTIME.get(uc.user_state) == "Ready":
            data = self.client.sign_out_group(ccc.SignOutGroupRequest(**base)).body.data
            self.expect_agent("SignOutGroup", agent_id, data, {"OFFLINE"}, {"Offline"})
            data = self.client.sign_in_group(
                ccc.SignInGroupRequest(signed_skill_group_id_list=json.dumps(groups), **base)).body.data
            self.expect_agent("SignInGroup again", agent_id, data, {"BREAK", "READY"}, {"Break", "Ready"})
            data = self.client.reset_agent_state(ccc.ResetAgentStateRequest(**base)).body.data
            self.expect_agent("ResetAgentState from signed-in", agent_id, data, {"OFFLINE"}, {"Offline"})
        else:
            raise CheckFailed(f"SignOutGroup: agent {agent_id} left Ready ({uc.user_state}) before sign-out")

    def check_launch_authentication(self, flow_id):
        last = "no Talking aliyun agent in /_sim/state"
        for _ in range(3):
            talking = sorted((a, s) for a, s in self.sim_state().items() if s.get("state") == "Talking")
            if not talking:
                time.sleep(0.5)
                continue
            agent_id, sim = talking[0]
            poll = self.client.poll_user_status(
                ccc.PollUserStatusRequest(instance_id=self.instance, user_id=agent_id)).body.data
            uc = poll.user_context
            job_id = uc.job_id or (poll.call_context.job_id if poll.call_context else None)
            if uc.user_state != "TALKING" or not job_id:
                last = f"{agent_id} is {uc.user_state} with JobId {job_id!r}"
                continue
            check("PollUserStatus JobId of a talking agent",
                  sim.get("call_id") in (None, job_id), f"{agent_id}: JobId={job_id}, /_sim/state call_id={sim.get('call_id')}")
            req = ccc.LaunchAuthenticationRequest(
                instance_id=self.instance, user_id=agent_id, device_id=uc.device_id,
                job_id=job_id, contact_flow_id=flow_id)
            data = self.client.launch_authentication(req).body.data
            check("LaunchAuthentication", data.call_context is not None and data.call_context.job_id == job_id
                  and data.user_context.user_id == agent_id,
                  f"JobId={data.call_context.job_id if data.call_context else None}, "
                  f"UserState={data.user_context.user_state if data.user_context else None}")
            self.expect_error(
                "LaunchAuthentication unknown JobId", "NotExists.JobId",
                lambda: self.client.launch_authentication(ccc.LaunchAuthenticationRequest(
                    instance_id=self.instance, user_id=agent_id, device_id=uc.device_id,
                    job_id="job-does-not-exist-0000", contact_flow_id=flow_id)))
            return
        raise CheckFailed(f"LaunchAuthentication: cannot find a talking agent ({last})")

    # ------------------------------------------------------------------ V2 (aliyun-python-sdk-core)

    def check_core_sdk(self, flow_id):
        client = self.core_client(self.secret)
        body = json.loads(client.do_action_with_exception(
            self.core_request("GetRoutePoint", {"InstanceId": self.instance, "ContactFlowId": flow_id})))
        check("GetRoutePoint (2017-07-05, V2 signature)", body.get("Success") is True and body.get("RoutePoint"),
              f"RoutePoint={body.get('RoutePoint')!r}")
        body = json.loads(client.do_action_with_exception(
            self.core_request("ResetUserStatus", {"InstanceId": self.instance})))
        check("ResetUserStatus (2017-07-05, V2 signature)", body.get("Success") is True,
              f"Success={body.get('Success')} RequestId={body.get('RequestId')}")
        # On a 400 SignatureDoesNotMatch the core SDK evaluates Message.split(':')[1] (an IndexError
        # escapes if the message has no ':'; the gateway's "... server string to sign is:<sts>" has
        # one) and re-labels the error InvalidAccessKeySecret when <sts> equals the request's own
        # string_to_sign. A CommonRequest keeps that on its inner request, so the code stays as sent.
        self.expect_error(
            "V2 wrong secret", "SignatureDoesNotMatch",
            lambda: self.core_client(self.secret + "x").do_action_with_exception(
                self.core_request("GetRoutePoint", {"InstanceId": self.instance, "ContactFlowId": flow_id})))

    def check_tea_v2(self, truth):
        """The same SDK forced to V2 RPC signing (query common params + form body, HMAC-SHA1)."""
        client = self.tea_client(self.ak, self.secret, signature_algorithm="v2")
        chosen = sorted(truth)[:3]
        data = client.list_realtime_agent_states(ccc.ListRealtimeAgentStatesRequest(
            instance_id=self.instance, page_number=1, page_size=PAGE_SIZE,
            agent_id_list=json.dumps(chosen))).body.data
        check("ListRealtimeAgentStates with V2 signature (tea SDK)",
              data.total_count == len(chosen) and sorted(i.agent_id for i in data.list) == chosen,
              f"TotalCount={data.total_count}")

    def check_bad_credentials(self):
        req = ccc.GetRealtimeInstanceStatesRequest(instance_id=self.instance)
        self.expect_error("V3 wrong secret", "SignatureDoesNotMatch",
                          lambda: self.tea_client(self.ak, self.secret + "x").get_realtime_instance_states(req))
        self.expect_error("V3 unknown AccessKeyId", "InvalidAccessKeyId.NotFound",
                          lambda: self.tea_client(self.ak + "x", self.secret).get_realtime_instance_states(req))

    def run(self):
        truth = self.sim_state()
        check("/_sim/state", len(truth) > 0, f"{len(truth)} aliyun agents")
        self.check_bad_credentials()
        self.check_tea_v2(truth)
        groups = self.check_agent_states(truth)
        self.check_instance_states()
        self.check_skill_groups(groups)
        self.check_users(truth)
        flow_id = self.contact_flow()
        self.check_actions(truth)
        self.check_launch_authentication(flow_id)
        self.check_core_sdk(flow_id)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True, help="host:port of the simulator")
    parser.add_argument("--ak", required=True, help="AccessKeyId")
    parser.add_argument("--secret", required=True, help="AccessKeySecret")
    parser.add_argument("--instance", default="ccc-sim", help="CCC instance id")
    args = parser.parse_args()
    try:
        Interop(args).run()
    except CheckFailed as exc:
        print(f"FAIL {exc}", flush=True)
        return 1
    except Exception as exc:  # noqa: BLE001 - any SDK or transport error fails the run
        code = sdk_error_code(exc)
        print(f"FAIL unexpected {type(exc).__name__}" + (f" [{code}]" if code else "") + f": {exc}", flush=True)
        return 1
    print("ALL PASS aliyun SDK interop", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
