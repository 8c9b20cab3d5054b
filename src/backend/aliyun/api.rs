//! Typed CCC APIs on [`AliyunClient`]: monitoring, directory, agent actions (2020-07-01) and the
//! 2017-07-05 seed APIs, with each parameter in the query or the form body as the SDK sends it.

use super::client::{AliyunClient, Shape, V2017, V2020};
use super::error::AliyunError;
use super::item_text::TextPage;
use super::lenient as le;
use super::listing::Listing;
use super::record::AgentStateRecord;
use super::wire::{
    ContactFlow, Device, InstanceStates, Page, RealtimeAgentState, ResetUserStatusReply,
    RoutePointReply, SkillGroup, SkillGroupState, User, UserContext, UserStatus,
};
use crate::backend::memory::FastHash;
use crate::backend::object_texts::ObjectText;
use futures_util::stream::{FuturesUnordered, StreamExt};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

/// The largest page the list APIs accept.
pub const PAGE_SIZE: i64 = 100;
/// The list APIs accept page numbers 1..=100.
pub const MAX_PAGES: i64 = 100;
/// `DeviceId` sent where the API ignores it ("meaningless, any value") but old docs require it.
pub const PLACEHOLDER_DEVICE: &str = "callboard";

/// Filters of `ListRealtimeAgentStates` (empty = all agents).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentStateFilter {
    /// At most 20 ids (`user@instance`); sent in the form body.
    pub agent_ids: Vec<String>,
    /// Realtime vocabulary: `Ready`, `Talking`, `ACW`, `Break`, `Ringing`, `Offline`, `Dialing`;
    /// sent in the form body.
    pub states: Vec<String>,
    pub skill_group_id: Option<String>,
    /// Fuzzy match on display name, job number or extension.
    pub query: Option<String>,
    /// Only outbound-only agents.
    pub outbound_only: Option<bool>,
}

/// A JSON-array string, the CCC encoding of list parameters (`["a","b"]`).
pub fn json_list<S: AsRef<str>>(items: &[S]) -> String {
    let v: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    serde_json::to_string(&v).unwrap_or_else(|_| "[]".to_string())
}

/// A `Data` that is a list of objects (see [`le::list`]).
struct ListOf<T>(Vec<T>);

impl<'de, T: DeserializeOwned> Deserialize<'de> for ListOf<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        le::list(d).map(ListOf)
    }
}

type Params = BTreeMap<String, String>;

fn params<const N: usize>(pairs: [(&str, String); N]) -> Params {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn paging(page: i64, size: i64) -> [(&'static str, String); 2] {
    [
        ("PageNumber", page.clamp(1, MAX_PAGES).to_string()),
        ("PageSize", size.clamp(1, PAGE_SIZE).to_string()),
    ]
}

impl AliyunClient {
    fn base_query(&self) -> Params {
        params([("InstanceId", self.instance_id().to_string())])
    }

    fn paged_query(&self, page: i64, size: i64) -> Params {
        let mut q = self.base_query();
        q.extend(paging(page, size).map(|(k, v)| (k.to_string(), v)));
        q
    }

    /// One page of a 2020-07-01 list API that takes no other parameter.
    async fn plain_page<T: DeserializeOwned + Default>(
        &self,
        action: &str,
        page: i64,
        size: i64,
    ) -> Result<Page<T>, AliyunError> {
        self.data(action, V2020, self.paged_query(page, size), Params::new())
            .await
    }

    /// Every item of a paged list (see [`Listing`]): page 1, then the remaining pages with at most
    /// `page_concurrency` in flight, in page order. `request` gives a page's query and form body.
    async fn all_pages<T, F>(&self, action: &'static str, request: F) -> Result<Vec<T>, AliyunError>
    where
        T: DeserializeOwned + Default + Send + 'static,
        F: Fn(i64) -> (Params, Params),
    {
        Ok(self
            .paged::<T, Page<T>, F>(action, request)
            .await?
            .into_items())
    }

    /// [`AliyunClient::all_pages`] as the listing's pages, each read as the wire page `W`.
    async fn paged<T, W, F>(
        &self,
        action: &'static str,
        request: F,
    ) -> Result<Listing<T>, AliyunError>
    where
        W: DeserializeOwned + Into<Page<T>>,
        F: Fn(i64) -> (Params, Params),
    {
        let fetch = |page: i64| {
            let (query, body) = request(page);
            let client = self.clone();
            async move {
                client
                    .data_sized::<W>(action, V2020, query, body, Shape::Object)
                    .await
                    .map(|(page, size)| (page.into(), size))
            }
        };
        let (first, size) = fetch(1).await?;
        let mut listing = Listing::new(action, &first)?;
        listing.add(1, first, size)?;
        let limit = self.options().page_concurrency.max(1);
        // Polled in this task (not spawned): a page is read where it arrives, with no hop to
        // another worker thread and back for each of the 100 pages.
        let mut set = FuturesUnordered::new();
        let mut next = 2;
        loop {
            while set.len() < limit && next <= listing.pages && !listing.ended {
                let fut = fetch(next);
                let page = next;
                set.push(async move { (page, fut.await) });
                next += 1;
            }
            let added = match set.next().await {
                None => break,
                Some((page, Ok((p, size)))) => listing.add(page, p, size),
                Some((_, Err(e))) => Err(e),
            };
            // On an error the pages still in flight are dropped with `set`: cancelled.
            added?;
        }
        Ok(listing)
    }

    // ---- monitoring -------------------------------------------------------------------------

    /// Query and form body of one `ListRealtimeAgentStates` page.
    fn realtime_request(
        &self,
        page: i64,
        size: i64,
        filter: &AgentStateFilter,
    ) -> (Params, Params) {
        let mut query = self.paged_query(page, size);
        if let Some(g) = &filter.skill_group_id {
            query.insert("SkillGroupId".into(), g.clone());
        }
        if let Some(q) = &filter.query {
            query.insert("Query".into(), q.clone());
        }
        if let Some(o) = filter.outbound_only {
            query.insert("OutboundScenario".into(), o.to_string());
        }
        let mut body = Params::new();
        if !filter.agent_ids.is_empty() {
            body.insert("AgentIdList".into(), json_list(&filter.agent_ids));
        }
        if !filter.states.is_empty() {
            body.insert("StateList".into(), json_list(&filter.states));
        }
        (query, body)
    }

    /// `ListRealtimeAgentStates`: one page (`page` 1..=100, `size` 1..=100).
    pub async fn list_realtime_agent_states(
        &self,
        page: i64,
        size: i64,
        filter: &AgentStateFilter,
    ) -> Result<Page<RealtimeAgentState>, AliyunError> {
        let (query, body) = self.realtime_request(page, size, filter);
        self.data("ListRealtimeAgentStates", V2020, query, body)
            .await
    }

    /// Every agent's realtime state: pages of 100, fetched concurrently after the first; an
    /// agent seen on two pages (the list shifted between pages) is kept once.
    pub async fn list_all_realtime_agent_states(
        &self,
    ) -> Result<Vec<RealtimeAgentState>, AliyunError> {
        let records = self.list_all_realtime_agent_records().await?;
        records.iter().map(AgentStateRecord::parse).collect()
    }

    /// Every `ListRealtimeAgentStates` item as its text, id and fingerprint (the refresh path:
    /// only the records that changed are parsed); the first of repeated agent ids wins.
    pub async fn list_all_realtime_agent_records(
        &self,
    ) -> Result<Vec<AgentStateRecord>, AliyunError> {
        let mut all: Vec<AgentStateRecord> = self
            .realtime_record_pages()
            .await?
            .into_iter()
            .flatten()
            .collect();
        let keep: Vec<bool> = {
            let mut seen: HashSet<&str, FastHash> =
                HashSet::with_capacity_and_hasher(all.len(), FastHash::default());
            all.iter()
                .map(|a| a.agent_id().is_empty() || seen.insert(a.agent_id()))
                .collect()
        };
        if !keep.iter().all(|k| *k) {
            let mut k = keep.into_iter();
            all.retain(|_| k.next().unwrap_or(true));
        }
        Ok(all)
    }

    /// Every `ListRealtimeAgentStates` page's records, in page order, repeated ids and all (the
    /// refresh drops repeats as it checks each record against its memory).
    pub(crate) async fn realtime_record_pages(
        &self,
    ) -> Result<Vec<Vec<AgentStateRecord>>, AliyunError> {
        let filter = AgentStateFilter::default();
        let pages = self
            .paged::<ObjectText, TextPage, _>("ListRealtimeAgentStates", |page| {
                self.realtime_request(page, PAGE_SIZE, &filter)
            })
            .await?
            .into_pages();
        Ok(pages
            .into_iter()
            .map(|items| items.into_iter().map(AgentStateRecord::from_text).collect())
            .collect())
    }

    /// `GetRealtimeInstanceStates`: the instance's counters.
    pub async fn get_realtime_instance_states(&self) -> Result<InstanceStates, AliyunError> {
        self.data(
            "GetRealtimeInstanceStates",
            V2020,
            self.base_query(),
            Params::new(),
        )
        .await
    }

    fn skill_group_states_request(
        &self,
        page: i64,
        size: i64,
        group_ids: &[String],
    ) -> (Params, Params) {
        let mut body = Params::new();
        if !group_ids.is_empty() {
            body.insert("SkillGroupIdList".into(), json_list(group_ids));
        }
        (self.paged_query(page, size), body)
    }

    /// `ListRealtimeSkillGroupStates`: one page; `group_ids` (form body) empty = all groups.
    pub async fn list_realtime_skill_group_states(
        &self,
        page: i64,
        size: i64,
        group_ids: &[String],
    ) -> Result<Page<SkillGroupState>, AliyunError> {
        let (query, body) = self.skill_group_states_request(page, size, group_ids);
        self.data("ListRealtimeSkillGroupStates", V2020, query, body)
            .await
    }

    /// Every skill group's realtime counters.
    pub async fn list_all_realtime_skill_group_states(
        &self,
    ) -> Result<Vec<SkillGroupState>, AliyunError> {
        self.all_pages("ListRealtimeSkillGroupStates", |page| {
            self.skill_group_states_request(page, PAGE_SIZE, &[])
        })
        .await
    }

    // ---- directory --------------------------------------------------------------------------

    /// `ListSkillGroups`: one page.
    pub async fn list_skill_groups(
        &self,
        page: i64,
        size: i64,
    ) -> Result<Page<SkillGroup>, AliyunError> {
        self.plain_page("ListSkillGroups", page, size).await
    }

    /// Every skill group of the instance.
    pub async fn list_all_skill_groups(&self) -> Result<Vec<SkillGroup>, AliyunError> {
        self.all_pages("ListSkillGroups", |page| {
            (self.paged_query(page, PAGE_SIZE), Params::new())
        })
        .await
    }

    /// Every user and every skill group, each item as its text (the directory's reload: read
    /// only when they changed since the last one).
    pub(crate) async fn directory_texts(
        &self,
    ) -> Result<(Vec<ObjectText>, Vec<ObjectText>), AliyunError> {
        let texts = |action: &'static str| async move {
            Ok::<_, AliyunError>(
                self.paged::<ObjectText, TextPage, _>(action, |page| {
                    (self.paged_query(page, PAGE_SIZE), Params::new())
                })
                .await?
                .into_items(),
            )
        };
        tokio::try_join!(texts("ListUsers"), texts("ListSkillGroups"))
    }

    /// `ListUsers`: one page of the roster (with skill levels and RamId).
    pub async fn list_users(&self, page: i64, size: i64) -> Result<Page<User>, AliyunError> {
        self.plain_page("ListUsers", page, size).await
    }

    /// Every user of the instance.
    pub async fn list_all_users(&self) -> Result<Vec<User>, AliyunError> {
        self.all_pages("ListUsers", |page| {
            (self.paged_query(page, PAGE_SIZE), Params::new())
        })
        .await
    }

    /// `ListDevices`: devices of one user (or all), the source of `DeviceId` for sign-in.
    pub async fn list_devices(&self, user_id: Option<&str>) -> Result<Vec<Device>, AliyunError> {
        let mut query = self.base_query();
        if let Some(u) = user_id {
            query.insert("UserId".into(), u.to_string());
        }
        let (list, _): (ListOf<Device>, _) = self
            .data_sized("ListDevices", V2020, query, Params::new(), Shape::List)
            .await?;
        Ok(list.0)
    }

    /// `ListContactFlows`: one page; the source of `ContactFlowId` for IVR authentication.
    pub async fn list_contact_flows(
        &self,
        page: i64,
        size: i64,
    ) -> Result<Page<ContactFlow>, AliyunError> {
        self.data(
            "ListContactFlows",
            V2020,
            self.paged_query(page, size),
            Params::new(),
        )
        .await
    }

    /// `PollUserStatus`: one agent's context and current call (the `JobId`). On demand only:
    /// the workbench uses it as its heartbeat.
    pub async fn poll_user_status(&self, user_id: &str) -> Result<UserStatus, AliyunError> {
        let mut query = self.base_query();
        query.insert("UserId".into(), user_id.to_string());
        self.data("PollUserStatus", V2020, query, Params::new())
            .await
    }

    // ---- actions (never retried once sent) ----------------------------------------------------

    fn action_query(&self, user_id: &str, device_id: Option<&str>) -> Params {
        let mut q = self.base_query();
        q.insert("UserId".into(), user_id.to_string());
        if let Some(d) = device_id {
            q.insert("DeviceId".into(), d.to_string());
        }
        q
    }

    /// Sends agent action `action` for `user_id` (on `device_id`) with its own parameters `extra`
    /// in the query, and returns its `Data`.
    async fn agent_action<T: DeserializeOwned, const N: usize>(
        &self,
        action: &str,
        user_id: &str,
        device_id: Option<&str>,
        extra: [(&str, String); N],
    ) -> Result<T, AliyunError> {
        let mut q = self.action_query(user_id, device_id);
        q.extend(params(extra));
        self.data(action, V2020, q, Params::new()).await
    }

    /// `SignInGroup`: signs `user_id` in on `device_id` into `groups`; the agent then usually
    /// sits in break `Warm-up` until `ready_for_service`.
    pub async fn sign_in_group(
        &self,
        user_id: &str,
        device_id: &str,
        groups: &[String],
    ) -> Result<UserContext, AliyunError> {
        let groups = json_list(groups);
        self.agent_action(
            "SignInGroup",
            user_id,
            Some(device_id),
            [("SignedSkillGroupIdList", groups)],
        )
        .await
    }

    /// `SignOutGroup`: signs the agent out.
    pub async fn sign_out_group(
        &self,
        user_id: &str,
        device_id: Option<&str>,
    ) -> Result<UserContext, AliyunError> {
        self.agent_action("SignOutGroup", user_id, device_id, [])
            .await
    }

    /// `TakeBreak`: puts the agent on break with `code` (free text, e.g. `lunchtime`).
    pub async fn take_break(
        &self,
        user_id: &str,
        code: &str,
        device_id: Option<&str>,
    ) -> Result<UserContext, AliyunError> {
        let code = code.to_string();
        self.agent_action("TakeBreak", user_id, device_id, [("Code", code)])
            .await
    }

    /// `ReadyForService`: makes the agent ready (`outbound_only` = outbound-only mode).
    pub async fn ready_for_service(
        &self,
        user_id: &str,
        outbound_only: bool,
        device_id: Option<&str>,
    ) -> Result<UserContext, AliyunError> {
        let outbound = outbound_only.to_string();
        self.agent_action(
            "ReadyForService",
            user_id,
            device_id,
            [("OutboundScenario", outbound)],
        )
        .await
    }

    /// `ResetAgentState`: resets one stuck agent (sends a placeholder `DeviceId` if none given).
    pub async fn reset_agent_state(
        &self,
        user_id: &str,
        device_id: Option<&str>,
    ) -> Result<UserContext, AliyunError> {
        let device = Some(device_id.unwrap_or(PLACEHOLDER_DEVICE));
        self.agent_action("ResetAgentState", user_id, device, [])
            .await
    }

    /// `LaunchAuthentication`: moves the agent's call `job_id` into IVR flow `contact_flow_id`
    /// (identity check); `variables` is a JSON object string passed to the flow.
    pub async fn launch_authentication(
        &self,
        user_id: &str,
        job_id: &str,
        contact_flow_id: &str,
        variables: Option<&str>,
        device_id: Option<&str>,
    ) -> Result<UserStatus, AliyunError> {
        let mut q = self.action_query(user_id, device_id);
        q.insert("JobId".into(), job_id.to_string());
        q.insert("ContactFlowId".into(), contact_flow_id.to_string());
        if let Some(v) = variables {
            q.insert("ContactFlowVariables".into(), v.to_string());
        }
        self.data("LaunchAuthentication", V2020, q, Params::new())
            .await
    }

    // ---- 2017-07-05 seed APIs ---------------------------------------------------------------

    /// `ResetUserStatus` (2017-07-05): resets agents by RAM id (`RamIdList.N`), or the whole
    /// instance's abnormal agents when `ram_ids` is empty.
    pub async fn reset_user_status(
        &self,
        ram_ids: &[u64],
    ) -> Result<ResetUserStatusReply, AliyunError> {
        let mut q = self.base_query();
        for (i, id) in ram_ids.iter().enumerate() {
            q.insert(format!("RamIdList.{}", i + 1), id.to_string());
        }
        self.execute("ResetUserStatus", V2017, &q, &Params::new())
            .await
    }

    /// `GetRoutePoint` (2017-07-05): the route point of a contact flow.
    pub async fn get_route_point(
        &self,
        contact_flow_id: &str,
    ) -> Result<RoutePointReply, AliyunError> {
        let mut q = self.base_query();
        q.insert("ContactFlowId".into(), contact_flow_id.to_string());
        self.execute("GetRoutePoint", V2017, &q, &Params::new())
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_params_are_json_array_strings() {
        assert_eq!(
            json_list(&["skg1@ccc-test", "skg2@ccc-test"]),
            r#"["skg1@ccc-test","skg2@ccc-test"]"#
        );
        assert_eq!(json_list::<&str>(&[]), "[]");
        assert_eq!(json_list(&["a\"b"]), r#"["a\"b"]"#);
    }

    #[test]
    fn paging_is_clamped_to_the_documented_range() {
        assert_eq!(
            paging(0, 500),
            [
                ("PageNumber", "1".to_string()),
                ("PageSize", "100".to_string())
            ]
        );
        assert_eq!(
            paging(101, 0),
            [
                ("PageNumber", "100".to_string()),
                ("PageSize", "1".to_string())
            ]
        );
    }
}
