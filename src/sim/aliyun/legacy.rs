//! The 2017-07-05 seed APIs: ResetUserStatus (instance-wide or by RAM id) and GetRoutePoint.

use super::context::check_instance;
use super::envelope::Reply;
use super::error::ApiError;
use super::request::Params;
use crate::sim::world::{Origin, Vendor, World};
use serde_json::{json, Map};

/// ResetUserStatus: resets the agents in `RamIdList.N`, or without a list every agent whose
/// state is abnormal (stuck, or far too long in one state).
pub fn reset_user_status(world: &mut World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let ram_ids = p.flat_list("RamIdList")?;
    let agents: Vec<usize> = if ram_ids.is_empty() {
        world.abnormal_agents(Vendor::Aliyun)
    } else {
        let mut out = Vec::with_capacity(ram_ids.len());
        for text in &ram_ids {
            let id: u64 = text
                .parse()
                .map_err(|_| ApiError::invalid("RamIdList", "a list of int64 RAM ids"))?;
            let agent = world
                .agents_of(Vendor::Aliyun)
                .find(|(_, a)| a.ram_id == id)
                .map(|(i, _)| i)
                .ok_or_else(|| ApiError::user(text, &world.site.aliyun_instance))?;
            out.push(agent);
        }
        out
    };
    for agent in agents {
        world
            .reset(agent, Origin::Supervisor)
            .map_err(|e| ApiError::internal(&e.to_string()))?;
    }
    Ok(Reply::Legacy(Map::new()))
}

/// GetRoutePoint: the route point of a contact flow.
pub fn get_route_point(world: &World, p: &Params) -> Result<Reply, ApiError> {
    check_instance(world, p)?;
    let flow = p.required("ContactFlowId")?;
    let route = world
        .flows_of(Vendor::Aliyun)
        .find(|f| f.id == flow)
        .map(|f| f.access.clone())
        .ok_or_else(|| ApiError::contact_flow(flow, &world.site.aliyun_instance))?;
    let mut extra = Map::new();
    extra.insert("RoutePoint".into(), json!(route));
    Ok(Reply::Legacy(extra))
}
