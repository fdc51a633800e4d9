//! The JSON types of the definition fields that Marathon and Chronos read, from Marathon's
//! RAML types (`docs/docs/rest-api/public/api/v2/types/app.raml`, `appContainer.raml`,
//! `healthCheck.raml`, `pod.raml`; Marathon 1.5 to 1.11 generate their JSON readers from
//! them) and Chronos' job fields. A field not listed is not checked: unknown fields are
//! ignored by both readers.

use crate::model::apps::DefKind;

/// A JSON type a reader expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    Str,
    /// A 32-bit integer (`format: int32`).
    Int,
    /// Any number (`format: double`).
    Num,
    Bool,
    Obj,
    Arr,
    /// An array of strings.
    StrArr,
    /// An array of integers.
    IntArr,
    /// An object whose values are strings (`labels`).
    StrMap,
}

impl Ty {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Ty::Str => "a string",
            Ty::Int => "an integer",
            Ty::Num => "a number",
            Ty::Bool => "a boolean",
            Ty::Obj => "an object",
            Ty::Arr => "an array",
            Ty::StrArr => "an array of strings",
            Ty::IntArr => "an array of integers",
            Ty::StrMap => "an object of strings",
        }
    }

    /// Play JSON's error key when a value is not of this type (what Marathon returns in
    /// `details[].errors`).
    pub(crate) fn play_error(self) -> &'static str {
        match self {
            Ty::Str => "error.expected.jsstring",
            Ty::Int | Ty::Num => "error.expected.jsnumber",
            Ty::Bool => "error.expected.jsboolean",
            Ty::Obj | Ty::StrMap => "error.expected.jsobject",
            Ty::Arr | Ty::StrArr | Ty::IntArr => "error.expected.jsarray",
        }
    }

    /// The type of the elements of an array or map type.
    pub(crate) fn element(self) -> Option<Ty> {
        match self {
            Ty::StrArr | Ty::StrMap => Some(Ty::Str),
            Ty::IntArr => Some(Ty::Int),
            _ => None,
        }
    }
}

/// `(path, type)` for the fields of an app; a path segment `*` stands for every element of an
/// array.
pub(crate) const APP_FIELDS: &[(&[&str], Ty)] = &[
    (&["id"], Ty::Str),
    (&["cmd"], Ty::Str),
    (&["args"], Ty::StrArr),
    (&["user"], Ty::Str),
    (&["instances"], Ty::Int),
    (&["cpus"], Ty::Num),
    (&["mem"], Ty::Num),
    (&["disk"], Ty::Num),
    (&["gpus"], Ty::Int),
    (&["executor"], Ty::Str),
    (&["constraints"], Ty::Arr),
    (&["constraints", "*"], Ty::StrArr),
    (&["acceptedResourceRoles"], Ty::StrArr),
    (&["role"], Ty::Str),
    (&["dependencies"], Ty::StrArr),
    (&["env"], Ty::Obj),
    (&["labels"], Ty::StrMap),
    (&["secrets"], Ty::Obj),
    (&["uris"], Ty::StrArr),
    (&["storeUrls"], Ty::StrArr),
    (&["fetch"], Ty::Arr),
    (&["fetch", "*"], Ty::Obj),
    (&["fetch", "*", "uri"], Ty::Str),
    (&["fetch", "*", "executable"], Ty::Bool),
    (&["fetch", "*", "extract"], Ty::Bool),
    (&["fetch", "*", "cache"], Ty::Bool),
    (&["ports"], Ty::IntArr),
    (&["portDefinitions"], Ty::Arr),
    (&["portDefinitions", "*"], Ty::Obj),
    (&["portDefinitions", "*", "port"], Ty::Int),
    (&["portDefinitions", "*", "protocol"], Ty::Str),
    (&["portDefinitions", "*", "name"], Ty::Str),
    (&["requirePorts"], Ty::Bool),
    (&["backoffSeconds"], Ty::Int),
    (&["backoffFactor"], Ty::Num),
    (&["maxLaunchDelaySeconds"], Ty::Int),
    (&["taskKillGracePeriodSeconds"], Ty::Int),
    (&["killSelection"], Ty::Str),
    (&["tty"], Ty::Bool),
    (&["networks"], Ty::Arr),
    (&["networks", "*"], Ty::Obj),
    (&["networks", "*", "mode"], Ty::Str),
    (&["networks", "*", "name"], Ty::Str),
    (&["upgradeStrategy"], Ty::Obj),
    (&["upgradeStrategy", "minimumHealthCapacity"], Ty::Num),
    (&["upgradeStrategy", "maximumOverCapacity"], Ty::Num),
    (&["healthChecks"], Ty::Arr),
    (&["healthChecks", "*"], Ty::Obj),
    (&["healthChecks", "*", "protocol"], Ty::Str),
    (&["healthChecks", "*", "path"], Ty::Str),
    (&["healthChecks", "*", "portIndex"], Ty::Int),
    (&["healthChecks", "*", "port"], Ty::Int),
    (&["healthChecks", "*", "gracePeriodSeconds"], Ty::Int),
    (&["healthChecks", "*", "intervalSeconds"], Ty::Int),
    (&["healthChecks", "*", "timeoutSeconds"], Ty::Int),
    (&["healthChecks", "*", "delaySeconds"], Ty::Int),
    (&["healthChecks", "*", "maxConsecutiveFailures"], Ty::Int),
    (&["healthChecks", "*", "ignoreHttp1xx"], Ty::Bool),
    (&["healthChecks", "*", "ipProtocol"], Ty::Str),
    (&["healthChecks", "*", "command"], Ty::Obj),
    (&["healthChecks", "*", "command", "value"], Ty::Str),
    (&["readinessChecks"], Ty::Arr),
    (&["container"], Ty::Obj),
    (&["container", "type"], Ty::Str),
    (&["container", "volumes"], Ty::Arr),
    (&["container", "portMappings"], Ty::Arr),
    (&["container", "portMappings", "*"], Ty::Obj),
    (
        &["container", "portMappings", "*", "containerPort"],
        Ty::Int,
    ),
    (&["container", "portMappings", "*", "hostPort"], Ty::Int),
    (&["container", "portMappings", "*", "servicePort"], Ty::Int),
    (&["container", "portMappings", "*", "protocol"], Ty::Str),
    (&["container", "portMappings", "*", "name"], Ty::Str),
    (&["container", "portMappings", "*", "labels"], Ty::StrMap),
    (&["container", "docker"], Ty::Obj),
    (&["container", "docker", "image"], Ty::Str),
    (&["container", "docker", "network"], Ty::Str),
    (&["container", "docker", "privileged"], Ty::Bool),
    (&["container", "docker", "forcePullImage"], Ty::Bool),
    (&["container", "docker", "parameters"], Ty::Arr),
    (&["container", "docker", "portMappings"], Ty::Arr),
    (&["container", "docker", "portMappings", "*"], Ty::Obj),
    (
        &["container", "docker", "portMappings", "*", "containerPort"],
        Ty::Int,
    ),
    (
        &["container", "docker", "portMappings", "*", "hostPort"],
        Ty::Int,
    ),
    (
        &["container", "docker", "portMappings", "*", "servicePort"],
        Ty::Int,
    ),
    (
        &["container", "docker", "portMappings", "*", "protocol"],
        Ty::Str,
    ),
];

/// Fields of a pod (`pod.raml`).
pub(crate) const POD_FIELDS: &[(&[&str], Ty)] = &[
    (&["id"], Ty::Str),
    (&["labels"], Ty::StrMap),
    (&["user"], Ty::Str),
    (&["environment"], Ty::Obj),
    (&["containers"], Ty::Arr),
    (&["containers", "*"], Ty::Obj),
    (&["containers", "*", "name"], Ty::Str),
    (&["containers", "*", "resources"], Ty::Obj),
    (&["containers", "*", "resources", "cpus"], Ty::Num),
    (&["containers", "*", "resources", "mem"], Ty::Num),
    (&["containers", "*", "resources", "disk"], Ty::Num),
    (&["containers", "*", "resources", "gpus"], Ty::Int),
    (&["containers", "*", "endpoints"], Ty::Arr),
    (&["containers", "*", "image"], Ty::Obj),
    (&["containers", "*", "image", "kind"], Ty::Str),
    (&["containers", "*", "image", "id"], Ty::Str),
    (&["volumes"], Ty::Arr),
    (&["networks"], Ty::Arr),
    (&["scaling"], Ty::Obj),
    (&["scaling", "instances"], Ty::Int),
    (&["scaling", "kind"], Ty::Str),
    (&["scheduling"], Ty::Obj),
    (&["scheduling", "placement"], Ty::Obj),
    (
        &["scheduling", "placement", "acceptedResourceRoles"],
        Ty::StrArr,
    ),
    (&["scheduling", "placement", "constraints"], Ty::Arr),
    (&["scheduling", "upgrade"], Ty::Obj),
    (&["scheduling", "upgrade", "minimumHealthCapacity"], Ty::Num),
    (&["scheduling", "upgrade", "maximumOverCapacity"], Ty::Num),
    (&["role"], Ty::Str),
];

/// Fields of a Chronos job (Chronos 2.x/3.x `/scheduler/iso8601` and `/scheduler/dependency`).
pub(crate) const CHRONOS_FIELDS: &[(&[&str], Ty)] = &[
    (&["name"], Ty::Str),
    (&["command"], Ty::Str),
    (&["schedule"], Ty::Str),
    (&["scheduleTimeZone"], Ty::Str),
    (&["epsilon"], Ty::Str),
    (&["owner"], Ty::Str),
    (&["ownerName"], Ty::Str),
    (&["description"], Ty::Str),
    (&["parents"], Ty::StrArr),
    (&["retries"], Ty::Int),
    (&["cpus"], Ty::Num),
    (&["mem"], Ty::Num),
    (&["disk"], Ty::Num),
    (&["async"], Ty::Bool),
    (&["shell"], Ty::Bool),
    (&["disabled"], Ty::Bool),
    (&["softError"], Ty::Bool),
    (&["highPriority"], Ty::Bool),
    (&["arguments"], Ty::StrArr),
    (&["uris"], Ty::StrArr),
    (&["constraints"], Ty::Arr),
    (&["environmentVariables"], Ty::Arr),
];

pub(crate) fn fields_of(kind: DefKind) -> &'static [(&'static [&'static str], Ty)] {
    match kind {
        DefKind::App => APP_FIELDS,
        DefKind::Pod => POD_FIELDS,
        DefKind::Chronos => CHRONOS_FIELDS,
    }
}
