//! Event wire types of `GET agentevent/{id}`, decoded leniently: `content` may be null, an object or a
//! bare string; numbers may arrive as strings; `eventGenTime` is optional; unknown fields are ignored.

use crate::backend::lenient_de::Scalar;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

fn scalar(v: &Value) -> Option<Scalar<'_>> {
    Scalar::deserialize(v).ok()
}

/// A string from a JSON string, number or bool (the gateway mixes them).
pub fn lenient_str(v: &Value) -> Option<String> {
    scalar(v)?.text().map(Cow::into_owned)
}

/// An integer from a JSON number or a numeric string.
pub fn lenient_i64(v: &Value) -> Option<i64> {
    scalar(v)?.int_truncating()
}

/// A boolean from a JSON bool, `"true"`/`"false"` (any case, or yes/no) or 1/0.
pub fn lenient_bool(v: &Value) -> Option<bool> {
    scalar(v)?.flag()
}

/// What an event's `eventType` names (reference §4); anything else is [`EventKind::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    Ready,
    ForceReady,
    /// `AgentState_Busy`: "handling a call" (on a call, not 示忙).
    Busy,
    Work,
    SetNotReadySuccess,
    ForceSetNotReady,
    CancelNotReadySuccess,
    SetRestSuccess,
    CancelRestSuccess,
    RestTimeout,
    SetWorkSuccess,
    CancelWorkSuccess,
    InService,
    ShutdownService,
    PhoneAlerting,
    PhoneOffhook,
    PhoneRelease,
    PhoneUnknown,
    AllAgentBusy,
    BeQcStart,
    BeQcStop,
    Occupied,
    LinkageCapability,
    Ringing,
    AutoAnswer,
    Talking,
    CustomerAlerting,
    Hold,
    CallRelease,
    CustomerRelease,
    NoAnswer,
    ConnectFail,
    ReturnFromIvr,
    SuccTransResult,
    QcNotify,
    Other,
}

impl EventKind {
    /// The kind an `eventType` names.
    pub fn from_type(t: &str) -> EventKind {
        use EventKind::*;
        match t {
            "AgentState_Ready" => Ready,
            "AgentState_Force_Ready" => ForceReady,
            "AgentState_Busy" => Busy,
            "AgentState_Work" => Work,
            "AgentState_SetNotReady_Success" => SetNotReadySuccess,
            "AgentState_Force_SetNotReady" => ForceSetNotReady,
            "AgentState_CancelNotReady_Success" => CancelNotReadySuccess,
            "AgentState_SetRest_Success" => SetRestSuccess,
            "AgentState_CancelRest_Success" => CancelRestSuccess,
            "AgentState_Rest_Timeout" => RestTimeout,
            "AgentState_SetWork_Success" => SetWorkSuccess,
            "AgentState_CancelWork_Success" => CancelWorkSuccess,
            "AgentOther_InService" => InService,
            "AgentOther_ShutdownService" => ShutdownService,
            "AgentOther_PhoneAlerting" => PhoneAlerting,
            "AgentOther_PhoneOffhook" => PhoneOffhook,
            "AgentOther_PhoneRelease" => PhoneRelease,
            "AgentOther_PhoneUnknow" | "AgentOther_PhoneUnknown" => PhoneUnknown,
            "AgentOther_All_Agent_Busy" => AllAgentBusy,
            "AgentOther_BeQcStart" => BeQcStart,
            "AgentOther_BeQcStop" => BeQcStop,
            "AgentEvent_Agent_Occupyed" => Occupied,
            "AgentEvent_linkageCapability" => LinkageCapability,
            "AgentEvent_Ringing" => Ringing,
            "AgentEvent_Auto_Answer" => AutoAnswer,
            "AgentEvent_Talking" => Talking,
            "AgentEvent_Customer_Alerting" => CustomerAlerting,
            "AgentEvent_Hold" => Hold,
            "AgentEvent_Call_Release" => CallRelease,
            "AgentEvent_Customer_Release" => CustomerRelease,
            "AgentEvent_No_Answer" => NoAnswer,
            "AgentEvent_Connect_Fail" => ConnectFail,
            "AgentEvent_ReturnFromIvr" => ReturnFromIvr,
            "AgentEvent_SuccTransResult" => SuccTransResult,
            "QC_AgentState_Notify" => QcNotify,
            _ => Other,
        }
    }
}

/// An event's `content`: nothing, a bare string (a call id), or an object (its scalar fields as
/// text; nested values are not kept: no field callboard reads is nested).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum EventContent {
    #[default]
    None,
    Text(String),
    Object(BTreeMap<String, String>),
}

impl<'de> Deserialize<'de> for EventContent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EventContent;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an event content")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut fields = BTreeMap::new();
                while let Some(key) = map.next_key::<crate::backend::wire_key::Key<'de>>()? {
                    if let Some(text) = map.next_value::<Scalar<'de>>()?.text() {
                        fields.insert(key.into_owned(), text.into_owned());
                    }
                }
                Ok(EventContent::Object(fields))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(EventContent::None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(EventContent::None)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(EventContent::None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(EventContent::Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(EventContent::Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(EventContent::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Scalar::F64(v)
                    .text()
                    .map_or(EventContent::None, |t| EventContent::Text(t.into_owned())))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(EventContent::Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl EventContent {
    /// A field of an object content, as a string (string or number on the wire).
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            EventContent::Object(m) => m.get(name).cloned(),
            _ => None,
        }
    }
}

/// The fields of an event object (or of a poll body that is a bare event), read in one pass.
#[derive(Default)]
struct EventFields {
    event_type: Option<String>,
    work_no: Option<String>,
    workno: Option<String>,
    content: EventContent,
    gen_time: Option<i64>,
    /// `event` of an envelope: `Some(None)` when it is there but null or not an event.
    event: Option<Option<HuaweiEvent>>,
}

impl EventFields {
    fn into_event(self) -> Option<HuaweiEvent> {
        let event_type = self.event_type.filter(|t| !t.is_empty())?;
        Some(HuaweiEvent {
            kind: EventKind::from_type(&event_type),
            event_type,
            workno: self.work_no.or(self.workno).unwrap_or_default(),
            content: self.content,
            gen_time: self.gen_time,
        })
    }
}

/// Reads an object's event fields; `nested` also reads `event` (a poll body).
struct EventVisitor {
    nested: bool,
}

impl<'de> Visitor<'de> for EventVisitor {
    type Value = Option<EventFields>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an event object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut e = EventFields::default();
        while let Some(key) = map.next_key::<crate::backend::wire_key::Key<'de>>()? {
            let text = |s: Scalar<'de>| s.text().map(Cow::into_owned);
            match key.as_ref() {
                "eventType" => e.event_type = text(map.next_value()?),
                "workNo" => e.work_no = text(map.next_value()?),
                "workno" => e.workno = text(map.next_value()?),
                "content" => e.content = map.next_value()?,
                "eventGenTime" => e.gen_time = map.next_value::<Scalar<'de>>()?.int_truncating(),
                "event" if self.nested => {
                    let inner = map.next_value_seed(EventSeed { nested: false })?;
                    e.event = Some(inner.and_then(EventFields::into_event));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Some(e))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    crate::backend::lenient_de::none_for_scalars!();
}

struct EventSeed {
    nested: bool,
}

impl<'de> de::DeserializeSeed<'de> for EventSeed {
    type Value = Option<EventFields>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(EventVisitor {
            nested: self.nested,
        })
    }
}

impl EventSeed {
    fn deserialize_value(self, v: &Value) -> Option<EventFields> {
        de::DeserializeSeed::deserialize(self, v).ok().flatten()
    }
}

/// The event of a poll body (see [`HuaweiEvent::from_poll_bytes`]), read from any deserializer.
fn poll_event<'de, D: Deserializer<'de>>(d: D) -> Result<Option<HuaweiEvent>, D::Error> {
    let fields = de::DeserializeSeed::deserialize(EventSeed { nested: true }, d)?;
    Ok(fields.and_then(|mut f| match f.event.take() {
        Some(event) => event,
        None => f.into_event(),
    }))
}

/// One event of an agent's (or the inspector's) poll.
#[derive(Debug, Clone, PartialEq)]
pub struct HuaweiEvent {
    pub kind: EventKind,
    /// `eventType` as sent.
    pub event_type: String,
    /// `workNo` of the polling agent.
    pub workno: String,
    pub content: EventContent,
    /// `eventGenTime` (Unix ms) on newer gateways.
    pub gen_time: Option<i64>,
}

impl HuaweiEvent {
    /// Decodes an event object (`{eventType, workNo, content, eventGenTime}`); `None` without `eventType`.
    pub fn from_value(v: &Value) -> Option<HuaweiEvent> {
        EventSeed { nested: false }
            .deserialize_value(v)
            .and_then(EventFields::into_event)
    }

    /// The event of a poll body: the envelope's `event`, or a bare event object (QC examples come
    /// without the envelope). `None` when the poll carried no event.
    pub fn from_poll_body(v: &Value) -> Option<HuaweiEvent> {
        poll_event(v).ok().flatten()
    }

    /// [`HuaweiEvent::from_poll_body`] straight from the body's bytes, in one pass.
    pub fn from_poll_bytes(bytes: &[u8]) -> Option<HuaweiEvent> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        poll_event(crate::backend::nesting::Bounded(&mut de))
            .ok()
            .flatten()
    }

    /// Busy reason or rest cause: `content.reason` (string or number).
    pub fn reason(&self) -> Option<u32> {
        match &self.content {
            EventContent::Object(m) => Scalar::Text(Cow::Borrowed(m.get("reason")?.as_str()))
                .int_truncating()
                .and_then(|n| u32::try_from(n).ok()),
            _ => None,
        }
    }

    /// The call id: `content.callid`/`callId` of call objects, or a bare-string content.
    pub fn call_id(&self) -> Option<String> {
        match &self.content {
            EventContent::Text(s) if !s.is_empty() => Some(s.clone()),
            EventContent::Object(_) => self
                .content
                .field("callid")
                .or_else(|| self.content.field("callId"))
                .filter(|s| !s.is_empty()),
            _ => None,
        }
    }

    /// The `QC_AgentState_Notify` payload, for that event type.
    pub fn qc(&self) -> Option<QcNotify> {
        if self.kind != EventKind::QcNotify {
            return None;
        }
        let subtype_raw = self.content.field("subtype")?;
        let monitored = self.content.field("monitoredagent")?;
        Some(QcNotify {
            subtype: QcSubtype::from_name(&subtype_raw),
            subtype_raw,
            monitored,
            name: self.content.field("agentname").filter(|n| !n.is_empty()),
            reason: self.reason(),
        })
    }
}

/// Subtypes of `QC_AgentState_Notify` (docs: Login/Logout; Huawei's bridge demo: the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QcSubtype {
    Login,
    Logout,
    Idle,
    Busy,
    Work,
    Rest,
    Mute,
    Monitor,
    StopMonitor,
    RecordBegin,
    RecordStop,
    LiveVideoBegin,
    LiveVideoStop,
    SuperviseInsert,
    StopSuperviseInsert,
    MuteVideo,
    MuteVideoAudio,
    PlayVoice,
    Active,
    WaitAnswer,
    WaitAlerting,
    ThreeParty,
    HungUp,
    MonitorSupervisorOther,
    MonitorInsertCall,
    Other,
}

impl QcSubtype {
    pub fn from_name(name: &str) -> QcSubtype {
        use QcSubtype::*;
        match name.strip_prefix("QC_AgentState_").unwrap_or(name) {
            "Login" => Login,
            "Logout" => Logout,
            "Idle" => Idle,
            "Busy" => Busy,
            "Work" => Work,
            "Rest" => Rest,
            "Mute" => Mute,
            "Monitor" => Monitor,
            "StopMonitor" => StopMonitor,
            "RecordBegin" => RecordBegin,
            "RecordStop" => RecordStop,
            "LiveVideoBegin" => LiveVideoBegin,
            "LiveVideoStop" => LiveVideoStop,
            "SuperviseInsert" => SuperviseInsert,
            "StopSuperviseInsert" => StopSuperviseInsert,
            "MuteVideo" => MuteVideo,
            "MuteVideoAudio" => MuteVideoAudio,
            "PlayVoice" => PlayVoice,
            "Active" => Active,
            "WaitAnswer" => WaitAnswer,
            "WaitAlerting" => WaitAlerting,
            "ThreeParty" => ThreeParty,
            "HungUp" => HungUp,
            "MonitorSupervisorOther" => MonitorSupervisorOther,
            "MonitorInsertCall" => MonitorInsertCall,
            _ => Other,
        }
    }
}

/// A monitored agent's change, from the inspector's poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QcNotify {
    pub subtype: QcSubtype,
    pub subtype_raw: String,
    /// Work number of the monitored agent.
    pub monitored: String,
    pub name: Option<String>,
    /// `content.reason` where the gateway gives one (the busy reason of `QC_AgentState_Busy`,
    /// carried like `AgentState_SetNotReady_Success` does; the field is UNCONFIRMED: the docs list
    /// no QC content beyond subtype, agent and name, see docs/huawei-sessions.md).
    pub reason: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> HuaweiEvent {
        let v: Value = serde_json::from_str(text).unwrap();
        HuaweiEvent::from_poll_body(&v).unwrap()
    }

    #[test]
    fn reference_examples_decode() {
        let e = parse(
            r#"{"message":"","retcode":"0","event":{"eventType":"AgentEvent_Call_Release","workNo":"291","content":"1456403549-15"}}"#,
        );
        assert_eq!(e.kind, EventKind::CallRelease);
        assert_eq!(e.workno, "291");
        assert_eq!(e.call_id().as_deref(), Some("1456403549-15"));
        let e = parse(
            r#"{"message":"","retcode":"0","event":{"eventType":"AgentOther_InService","workNo":"291","content":null}}"#,
        );
        assert_eq!(
            (e.kind, e.content.clone()),
            (EventKind::InService, EventContent::None)
        );
        let e = parse(
            r#"{"eventType":"AgentEvent_Talking","workNo":"49999","content":{"caller":"10086","callid":"1456401416-3","called":"70092","feature":"7","type":"main","mediaAbility":"1"}}"#,
        );
        assert_eq!(e.call_id().as_deref(), Some("1456401416-3"));
        let e = parse(
            r#"{"message":"","retcode":"0","event":{"eventType":"AgentEvent_ReturnFromIvr","workNo":"108","content":"1529571145-1187"}}"#,
        );
        assert_eq!(e.kind, EventKind::ReturnFromIvr);
        assert_eq!(e.call_id().as_deref(), Some("1529571145-1187"));
        let e = parse(
            r#"{"eventType":"AgentState_SetNotReady_Success","workNo":"291","content":{"reason":"200"},"eventGenTime":1700000000123}"#,
        );
        assert_eq!(
            (e.reason(), e.gen_time),
            (Some(200), Some(1_700_000_000_123))
        );
        let e = parse(
            r#"{"eventType":"AgentState_SetRest_Success","workNo":"291","content":{"reason":5}}"#,
        );
        assert_eq!(e.reason(), Some(5));
    }

    #[test]
    fn qc_notify_decodes_with_extra_fields() {
        let e = parse(
            r#"{"eventType":"QC_AgentState_Notify","workNo":"107","content":{"subtype":"QC_AgentState_Login","monitoredagent":"108","agentname":"108","mediaserver":"CtiServer","jsonKey":["a"]},"jsonKey":["b"]}"#,
        );
        let qc = e.qc().unwrap();
        assert_eq!(qc.subtype, QcSubtype::Login);
        assert_eq!(qc.monitored, "108");
        assert_eq!(qc.name.as_deref(), Some("108"));
        assert_eq!(
            QcSubtype::from_name("QC_AgentState_Whatever"),
            QcSubtype::Other
        );
    }

    #[test]
    fn no_event_and_odd_shapes() {
        assert!(
            HuaweiEvent::from_poll_body(&json!({"message":"","retcode":"0","event":null}))
                .is_none()
        );
        assert!(HuaweiEvent::from_poll_body(&json!({"message":"","retcode":"0"})).is_none());
        let e = HuaweiEvent::from_value(&json!({"eventType":"Brand_New","workNo":101,"content":7}))
            .unwrap();
        assert_eq!((e.kind, e.workno.as_str()), (EventKind::Other, "101"));
        assert_eq!(e.content, EventContent::Text("7".into()));
        assert_eq!(lenient_bool(&json!("false")), Some(false));
        assert_eq!(lenient_i64(&json!(" 42 ")), Some(42));
    }
}
