//! Directory APIs: ListSkillGroups, ListUsers, ListDevices and ListContactFlows (reference §6.5,
//! §7, §8 helpers).

use super::context::{check_instance, optional_group};
use super::envelope::Reply;
use super::error::ApiError;
use super::monitor::page;
use super::request::Params;
use crate::sim::world::{Vendor, World};
use serde_json::{json, Value};

const MEDIA_TYPES: &[&str] = &["AUDIO", "CHAT", "VIDEO", "ALL"];
const FLOW_TYPES: &[&str] = &["MAIN_FLOW", "SUB_FLOW", "SURVEY_FLOW"];
/// How long a device registration lasts (the `Expires` of ListDevices), in ms.
const REGISTRATION_MS: i64 = 3_600_000;

fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

/// ListSkillGroups.
pub fn list_skill_groups(world: &World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let (number, size) = p.paging()?;
    let media = p.enum_value("MediaType", MEDIA_TYPES)?;
    let pattern = p.optional("SearchPattern");
    let items: Vec<_> = world
        .groups_of(Vendor::Aliyun)
        .filter(|_| media.is_none_or(|m| m == "AUDIO" || m == "ALL"))
        .filter(|(_, g)| {
            pattern.is_none_or(|s| contains_ci(&g.name, s) || contains_ci(&g.display_name, s))
        })
        .collect();
    Ok(Reply::list(page(items, number, size, |(gi, g)| {
        let users = world
            .agents_of(Vendor::Aliyun)
            .filter(|(_, a)| a.skills.iter().any(|s| s.group == gi))
            .count();
        json!({
            "SkillGroupId": g.id,
            "SkillGroupName": g.name,
            "DisplayName": g.display_name,
            "Description": "",
            "InstanceId": world.site.aliyun_instance,
            "MediaType": "AUDIO",
            "PhoneNumberCount": 0,
            "UserCount": users,
        })
    })))
}

/// ListUsers: the roster, with `RamId` as an exact JSON integer.
pub fn list_users(world: &World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let (number, size) = p.paging()?;
    let pattern = p.optional("SearchPattern");
    let group = optional_group(world, p)?;
    let instance = &world.site.aliyun_instance;
    let items: Vec<_> = world
        .agents_of(Vendor::Aliyun)
        .filter(|(_, a)| {
            pattern.is_none_or(|s| contains_ci(&a.login_name, s) || contains_ci(&a.display_name, s))
        })
        .filter(|(_, a)| group.is_none_or(|g| a.skills.iter().any(|s| s.group == g)))
        .collect();
    Ok(Reply::list(page(items, number, size, |(_, a)| {
        let levels: Vec<Value> = a
            .skills
            .iter()
            .filter_map(|s| {
                let g = world.groups.get(s.group)?;
                Some(json!({
                    "SkillGroupId": g.id,
                    "SkillGroupName": g.name,
                    "SkillLevel": s.level,
                }))
            })
            .collect();
        json!({
            "UserId": a.id,
            "LoginName": a.login_name,
            "DisplayName": a.display_name,
            "DisplayId": a.extension,
            "Extension": a.extension,
            "Email": format!("{}@callboard.example", a.login_name),
            "Mobile": a.mobile,
            "WorkMode": a.work_mode,
            "RoleId": format!("Agent@{instance}"),
            "RoleName": "Agent",
            "RamId": a.ram_id,
            "Primary": false,
            "PrimaryAccount": false,
            "DeviceId": a.device_id,
            "DeviceExt": a.extension,
            "DeviceState": if a.phase.is_signed_in() { "ONLINE" } else { "OFFLINE" },
            "PersonalOutboundNumberList": [],
            "SkillLevelList": levels,
        })
    })))
}

/// ListDevices: each agent's registered device; `Data` is a bare array.
pub fn list_devices(world: &World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let only = match p.optional("UserId") {
        Some(id) => Some(
            world
                .agent_index(Vendor::Aliyun, id)
                .ok_or_else(|| ApiError::user(id, &world.site.aliyun_instance))?,
        ),
        None => None,
    };
    let items: Vec<Value> = world
        .agents_of(Vendor::Aliyun)
        .filter(|(i, _)| only.is_none_or(|o| o == *i))
        .map(|(_, a)| {
            json!({
                "DeviceId": a.device_id,
                "DeviceType": "WEBRTC",
                "Extension": a.extension,
                "Contact": format!("sip:{}@10.0.0.1:5060;transport=wss", a.extension),
                "CallId": format!("{}-reg", a.device_id),
                "Expires": world.now + REGISTRATION_MS,
                "UserId": a.id,
                "InstanceId": world.site.aliyun_instance,
            })
        })
        .collect();
    Ok(Reply::action(Value::Array(items)))
}

/// ListContactFlows.
pub fn list_contact_flows(world: &World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let (number, size) = p.paging()?;
    let kind = p.enum_value("Type", FLOW_TYPES)?;
    p.enum_value("SortOrder", &["ASC", "DESC"])?;
    let items: Vec<_> = world
        .flows_of(Vendor::Aliyun)
        .filter(|f| kind.is_none_or(|k| k == f.flow_type))
        .collect();
    Ok(Reply::list(page(items, number, size, |f| {
        json!({
            "ContactFlowId": f.id,
            "Name": f.name,
            "Type": f.flow_type,
            "Published": f.published,
            "InstanceId": world.site.aliyun_instance,
            "Description": "",
            "DraftId": "",
            "Editor": format!("admin@{}", world.site.aliyun_instance),
            "CreatedTime": "2024-01-08 09:30:00.0",
            "UpdatedTime": "2024-03-12 16:05:42.0",
            "NumberList": [],
        })
    })))
}
