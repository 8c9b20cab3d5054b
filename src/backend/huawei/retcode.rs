//! Every CC-Gateway `retcode` (reference §9) turned into a short plain-words message saying what to do.

/// Plain-words meaning of a gateway `retcode`, with what to do about it.
///
/// Codes of the documented families without an entry of their own get the family's meaning; a code
/// nobody documented says so instead of guessing.
pub fn meaning(code: &str) -> &'static str {
    match code.trim() {
        "0" => "success",
        "000-001" => "wrong way of getting agent events (the agent signed in for push mode); sign in again without callBackUri/serviceToken",
        "000-002" => "a URL or request parameter is invalid; check the work number, the path arguments and the body",
        "000-003" => "no right to call this interface, or the session (Guid) expired; callboard will sign in again",
        "000-004" => "the agent is being switched over (or the caller has no inspector right); wait a moment and retry, or check the inspector role",
        "000-005" => "the inspected agent is the inspector itself; pick another agent",
        "000-006" => "a message parameter is wrong; check the request values",
        "000-007" => "the interface was called again before the previous call answered; wait for it and retry",
        "100-001" => "a sign-in parameter is empty or invalid (or the service token is bad); check the password and phone number",
        "100-002" => "the agent is already signed in elsewhere; use force sign-in",
        "100-003" => "the platform had no resource for the sign-in (ResourceUnavailable/ProviderUnavailable); retry later or ask the gateway's O&M",
        "100-004" => "wrong work number or password; check the credentials in the config",
        "100-005" => "a sign-out parameter is invalid; check the work number",
        "100-006" => "the agent is not signed in, or its Guid is no longer valid; sign in again",
        "100-007" => "the gateway hit an internal error during the operation; retry, and ask O&M if it persists",
        "100-008" => "the agent is already signed out; nothing to do",
        "100-009" => "the agent's state could not be set (no permission or not allowed now); check the agent's state and rights",
        "100-010" => "the agent's state does not allow sign-out now (for example while talking); use force sign-out or wait for the call to end",
        "100-011" => "a sign-in parameter is invalid; check the sign-in settings",
        "100-012" => "wrong agent type at sign-in; use agent type 4 (PC + phone) or 11 (video)",
        "100-013" => "the phone number cannot be bound; check the agent's phone number",
        "100-014" => "the phone number is outside the configured range; check agent_phone in the config",
        "100-015" => "the agent is already signed in and cannot be forced out; sign it out where it is signed in",
        "100-016" => "invalid IP address at sign-in",
        "100-017" => "uPortal authentication failed; check the account",
        "100-018" => "the sign-in VDN does not match the playback VDN; check the agent's VDN",
        "100-019" => "invalid parameter when querying skill queues",
        "100-020" => "the agent's password has expired; change it on the platform, then update the config",
        "100-021" => "the agent is already signing in; wait for that sign-in to finish",
        "110-016" => "the account is locked; ask the administrator to unlock it",
        "105-005" => "disaster-recovery takeover timed out; sign in again",
        "105-006" => "the Guid does not match after a disaster-recovery switch; sign in again",
        "105-007" => "disaster-recovery switching is off; sign in again",
        "200-012" => "the agent has no call to transfer",
        "600-004" => "no IVR flow is configured in this VDN; configure an IVR access code on the platform",
        "900-001" => "quality-control error (no provider); retry later",
        "900-002" => "the inspector has no right over this agent (not an inspector, or another VDN); check the inspector role",
        "900-003" => "quality-control resource unavailable; retry later",
        "900-004" => "the monitored agent's information is missing; check that the agent exists and is signed in",
        "900-005" => "the agent's state does not allow this quality-control action",
        "999-001" => "the gateway's configuration is wrong (invalid WAS URL); ask the gateway's O&M",
        other => family(other),
    }
}

/// Meaning of a code by its documented family (the part before the dash).
fn family(code: &str) -> &'static str {
    match code.split('-').next().unwrap_or("") {
        "101" => "conference operation failed",
        "104" => "recording download or inspection failed",
        "105" => "disaster-recovery (Redis) recovery error; sign in again",
        "106" => "multimedia operation failed",
        "110" => "password or third-party user error; check the account and password",
        "200" => "voice-call operation failed; check the agent has a call in the right state",
        "300" => "agent-group query failed (no right, no such agent or group)",
        "400" => "call-data operation failed",
        "600" => "queue-device query failed (no skills or no queue configuration)",
        "900" => "quality-control operation failed",
        _ => "an error code the gateway documents nowhere; see the gateway logs",
    }
}

/// Every code with an entry of its own (for tests and documentation).
pub const KNOWN: &[&str] = &[
    "0", "000-001", "000-002", "000-003", "000-004", "000-005", "000-006", "000-007", "100-001",
    "100-002", "100-003", "100-004", "100-005", "100-006", "100-007", "100-008", "100-009",
    "100-010", "100-011", "100-012", "100-013", "100-014", "100-015", "100-016", "100-017",
    "100-018", "100-019", "100-020", "100-021", "110-016", "105-005", "105-006", "105-007",
    "200-012", "600-004", "900-001", "900-002", "900-003", "900-004", "900-005", "999-001",
];

/// The session is gone or its Guid is no longer accepted: sign in again (forcelogin).
pub fn is_session_lost(code: &str) -> bool {
    matches!(
        code,
        "100-006" | "000-003" | "105-005" | "105-006" | "105-007"
    )
}

/// "Called again too soon": worth one retry after a short wait.
pub fn is_busy_retry(code: &str) -> bool {
    matches!(code, "000-007" | "100-021")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_has_its_own_message() {
        let unknown = family("x");
        for code in KNOWN {
            let m = meaning(code);
            assert!(!m.is_empty() && m != unknown, "{code}");
        }
        assert_eq!(
            meaning("100-002"),
            "the agent is already signed in elsewhere; use force sign-in"
        );
        assert!(meaning("000-003").contains("callboard will sign in again"));
    }

    #[test]
    fn families_and_unknowns() {
        assert!(meaning("101-003").contains("conference"));
        assert!(meaning("104-010").contains("recording"));
        assert!(meaning("105-001").contains("sign in again"));
        assert!(meaning("106-002").contains("multimedia"));
        assert!(meaning("110-002").contains("password"));
        assert!(meaning("200-001").contains("voice-call"));
        assert!(meaning("300-002").contains("agent-group"));
        assert!(meaning("600-001").contains("queue-device"));
        assert!(meaning("900-009").contains("quality-control"));
        assert!(meaning("123-456").contains("documents nowhere"));
        assert!(meaning("").contains("documents nowhere"));
    }

    #[test]
    fn classes() {
        assert!(is_session_lost("100-006") && is_session_lost("000-003"));
        assert!(!is_session_lost("100-002"));
        assert!(is_busy_retry("000-007") && is_busy_retry("100-021"));
    }
}
