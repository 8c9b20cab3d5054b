//! Business and parameter errors of the CCC API, with the documented codes, HTTP statuses and
//! message templates (reference §2).

use axum::http::StatusCode;

/// One API error: HTTP status, error `Code` and `Message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    fn bad(code: &str, message: String) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    fn not_found(code: &str, message: String) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    /// Unknown action, or an action called with another API version.
    pub fn api_not_found() -> Self {
        Self::not_found(
            "InvalidApi.NotFound",
            "Specified api is not found, please check your url and method.".into(),
        )
    }

    /// A required parameter is absent (gateway check): `Missing{Name}`.
    pub fn missing(name: &str) -> Self {
        Self::bad(
            &format!("Missing{name}"),
            format!("{name} is mandatory for this action."),
        )
    }

    /// A required common parameter or header is absent: `MissingParameter`.
    pub fn missing_parameter(name: &str) -> Self {
        Self::bad(
            "MissingParameter",
            format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            ),
        )
    }

    pub fn blank(name: &str) -> Self {
        Self::bad(
            "Parameter.Blank",
            format!("The parameter {name} may not be null or blank."),
        )
    }

    pub fn minimum(name: &str, min: i64) -> Self {
        Self::bad(
            "Parameter.Minimum",
            format!("The parameter {name} must be greater than or equal to {min}."),
        )
    }

    pub fn maximum(name: &str, max: i64) -> Self {
        Self::bad(
            "Parameter.Maximum",
            format!("The parameter {name} must be less than or equal to {max}."),
        )
    }

    pub fn enumeration(name: &str, values: &[&str]) -> Self {
        Self::bad(
            "Parameter.Enumeration",
            format!(
                "The parameter {name} must be one of the value of enumeration [{}].",
                values.join(", ")
            ),
        )
    }

    /// A value that is not of the parameter's type (number, boolean, JSON array, UTF-8).
    pub fn invalid(name: &str, expected: &str) -> Self {
        Self::bad(
            "InvalidParameter",
            format!("The specified parameter {name} is not valid: expected {expected}."),
        )
    }

    pub fn instance(instance: &str) -> Self {
        Self::not_found(
            "NotExists.InstanceId",
            format!("The specified instance {instance} does not exist."),
        )
    }

    pub fn user(user: &str, instance: &str) -> Self {
        Self::not_found(
            "NotExists.UserId",
            format!("The user {user} does not exist in instance {instance}."),
        )
    }

    pub fn skill_group(group: &str, instance: &str) -> Self {
        Self::not_found(
            "NotExists.SkillGroupId",
            format!("The skill group ID {group} does not exist in instance {instance}."),
        )
    }

    pub fn job(job: &str) -> Self {
        Self::not_found("NotExists.JobId", format!("The call {job} does not exist."))
    }

    /// Inferred code: the documents name no error for a foreign device.
    pub fn device(device: &str, user: &str) -> Self {
        Self::not_found(
            "NotExists.DeviceId",
            format!("The specified device {device} does not exist for user {user}."),
        )
    }

    /// Inferred code: the documents name no error for an unknown contact flow.
    pub fn contact_flow(flow: &str, instance: &str) -> Self {
        Self::not_found(
            "NotExists.ContactFlowId",
            format!("The contact flow {flow} does not exist in instance {instance}."),
        )
    }

    pub fn user_state(actual: &str, expected: &str) -> Self {
        Self::bad(
            "InvalidOperation.UserState",
            format!(
                "The operation is not allowed. User state ({actual}) does not meet expectations ({expected})."
            ),
        )
    }

    pub fn channel_state(actual: &str, expected: &str) -> Self {
        Self::bad(
            "InvalidOperation.ChannelState",
            format!(
                "The operation is not allowed. Channel stats ({actual}) does not meet expectations ({expected})."
            ),
        )
    }

    pub fn internal(detail: &str) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalService.Common",
            format!("An internal service error occurred. {detail}"),
        )
    }
}
