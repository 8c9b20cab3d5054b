#!/usr/bin/env python3
"""Interop test of STS credentials: the unchanged official Python SDKs against the callboard
simulator in token-checking mode (`--require-sts-token`). aliyun-python-sdk-core calls the
simulator's STS AssumeRole (V1 HMAC-SHA1 signature) with the permanent AccessKey; the temporary
credentials then sign CCC calls in V3 (tea-openapi, x-acs-security-token) and V2
(aliyun-python-sdk-core StsTokenCredential, SecurityToken parameter); the permanent key alone, a
wrong token and an expired token are refused with the InvalidSecurityToken codes.

Usage: aliyun_sdk_sts_test.py --endpoint 127.0.0.1:PORT --ak ID --secret SECRET [--instance ccc-sim]
"""

import argparse
import json
import sys
import urllib.request

from alibabacloud_ccc20200701 import models as ccc
from alibabacloud_ccc20200701.client import Client
from alibabacloud_tea_openapi import models as open_api_models
from aliyunsdkcore.acs_exception.exceptions import ClientException as CoreClientException
from aliyunsdkcore.acs_exception.exceptions import ServerException as CoreServerException
from aliyunsdkcore.auth.credentials import StsTokenCredential
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest

ROLE_ARN = "acs:ram::1234567890123456:role/callboard-supervisor"


class CheckFailed(Exception):
    """A check did not hold."""


def check(name, cond, detail=""):
    if not cond:
        raise CheckFailed(f"{name}: {detail}")
    print(f"PASS {name}" + (f": {detail}" if detail else ""), flush=True)


def error_code(exc):
    if isinstance(exc, (CoreServerException, CoreClientException)):
        return exc.get_error_code()
    return getattr(exc, "code", None)


def expect_error(name, code, fn):
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - both SDKs' exception types are accepted
        got = error_code(exc)
        check(name, got == code, f"error code {got!r} (expected {code!r})")
        return
    raise CheckFailed(f"{name}: call succeeded, expected error {code}")


class Sts:
    def __init__(self, args):
        self.endpoint = args.endpoint
        self.ak = args.ak
        self.secret = args.secret
        self.instance = args.instance

    def tea(self, ak, secret, token=None):
        config = open_api_models.Config(
            access_key_id=ak, access_key_secret=secret, security_token=token,
            endpoint=self.endpoint, protocol="http", read_timeout=15000, connect_timeout=5000,
        )
        return Client(config)

    def list_v3(self, client):
        req = ccc.ListRealtimeAgentStatesRequest(instance_id=self.instance, page_number=1, page_size=100)
        return client.list_realtime_agent_states(req).body.data

    def list_v2(self, client):
        req = CommonRequest()
        req.set_accept_format("json")
        req.set_domain(self.endpoint)
        req.set_protocol_type("http")
        req.set_method("POST")
        req.set_version("2020-07-01")
        req.set_action_name("ListRealtimeAgentStates")
        for k, v in {"InstanceId": self.instance, "PageNumber": "1", "PageSize": "100"}.items():
            req.add_query_param(k, v)
        return json.loads(client.do_action_with_exception(req))

    def assume_role(self):
        client = AcsClient(self.ak, self.secret, "cn-shanghai", auto_retry=False, timeout=15, connect_timeout=5)
        req = CommonRequest()
        req.set_accept_format("json")
        req.set_domain(self.endpoint)
        req.set_protocol_type("http")
        req.set_method("POST")
        req.set_version("2015-04-01")
        req.set_action_name("AssumeRole")
        req.add_query_param("RoleArn", ROLE_ARN)
        req.add_query_param("RoleSessionName", "sdk-interop")
        req.add_query_param("DurationSeconds", "900")
        return json.loads(client.do_action_with_exception(req))

    def expired(self):
        req = urllib.request.Request(f"http://{self.endpoint}/_sim/sts/issue?seconds=0", method="POST")
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read().decode("utf-8"))

    def run(self):
        expect_error("V3 with the permanent AccessKey alone is refused",
                     "InvalidSecurityToken.MissingParameter", lambda: self.list_v3(self.tea(self.ak, self.secret)))
        answer = self.assume_role()
        creds = answer.get("Credentials") or {}
        check("AssumeRole (V1 signature, aliyun-python-sdk-core) returns credentials",
              creds.get("AccessKeyId", "").startswith("STS.") and creds.get("SecurityToken")
              and creds.get("AccessKeySecret") and creds.get("Expiration", "").endswith("Z"),
              f"AccessKeyId {creds.get('AccessKeyId')}, Expiration {creds.get('Expiration')}")
        ak, secret, token = creds["AccessKeyId"], creds["AccessKeySecret"], creds["SecurityToken"]
        data = self.list_v3(self.tea(ak, secret, token))
        check("V3 (tea-openapi) with the STS token lists agents", data.total_count > 0,
              f"TotalCount={data.total_count}")
        core = AcsClient(region_id="cn-shanghai", credential=StsTokenCredential(ak, secret, token),
                         auto_retry=False, timeout=15, connect_timeout=5)
        body = self.list_v2(core)
        total = (body.get("Data") or {}).get("TotalCount")
        check("V2 (aliyun-python-sdk-core StsTokenCredential) with the STS token lists agents",
              isinstance(total, int) and total > 0, f"TotalCount={total}")
        expect_error("a token of other credentials is refused", "InvalidSecurityToken.MismatchWithAccessKey",
                     lambda: self.list_v3(self.tea(ak, secret, self.expired()["SecurityToken"])))
        old = self.expired()
        expect_error("V3 with an expired token is refused", "InvalidSecurityToken.Expired",
                     lambda: self.list_v3(self.tea(old["AccessKeyId"], old["AccessKeySecret"], old["SecurityToken"])))
        expired_core = AcsClient(region_id="cn-shanghai",
                                 credential=StsTokenCredential(old["AccessKeyId"], old["AccessKeySecret"], old["SecurityToken"]),
                                 auto_retry=False, timeout=15, connect_timeout=5)
        expect_error("V2 with an expired token is refused", "InvalidSecurityToken.Expired",
                     lambda: self.list_v2(expired_core))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True, help="host:port of the simulator")
    parser.add_argument("--ak", required=True, help="the permanent AccessKeyId")
    parser.add_argument("--secret", required=True, help="its AccessKeySecret")
    parser.add_argument("--instance", default="ccc-sim", help="CCC instance id")
    args = parser.parse_args()
    try:
        Sts(args).run()
    except CheckFailed as exc:
        print(f"FAIL {exc}", flush=True)
        return 1
    except Exception as exc:  # noqa: BLE001 - any SDK or transport error fails the run
        code = error_code(exc)
        print(f"FAIL unexpected {type(exc).__name__}" + (f" [{code}]" if code else "") + f": {exc}", flush=True)
        return 1
    print("ALL PASS aliyun SDK STS interop", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
