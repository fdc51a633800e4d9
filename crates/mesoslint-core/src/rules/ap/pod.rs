//! What a pod asks of an agent, for the rules that compare definitions with the cluster.
//!
//! A pod's instance is one task group: the resources of all its containers plus those of the
//! default executor that runs them (`executorResources`), all from one offer. Defaults from
//! Marathon's RAML (`types/resources.raml`, the same in 1.4.13 and 1.10.26): a container's
//! `cpus` 1.0, `mem` 128, `disk` 0, `gpus` 0; the executor's `cpus` 0.1, `mem` 32, `disk` 10.

use crate::model::apps::Definition;
use crate::parse::json::JsonValue;

use super::util::number;

fn container_default(res: &str) -> f64 {
    match res {
        "cpus" => 1.0,
        "mem" => 128.0,
        _ => 0.0,
    }
}

fn executor_default(res: &str) -> f64 {
    match res {
        "cpus" => 0.1,
        "mem" => 32.0,
        "disk" => 10.0,
        _ => 0.0,
    }
}

/// The amount of `res` one instance of the pod needs, and whether any container states it;
/// `None` when a stated value is not a number (a placeholder, a type error) or the pod has
/// no container list.
pub(crate) fn asked(def: &Definition, res: &str) -> Option<(f64, bool)> {
    let containers = def.get("containers")?.as_array()?;
    let mut total = 0.0;
    let mut stated = false;
    for c in containers {
        match c.get("resources").and_then(|r| r.get(res)) {
            Some(v) => {
                total += number(v)?;
                stated = true;
            }
            None => total += container_default(res),
        }
    }
    match def.at(&["executorResources", res]) {
        Some(v) => total += number(v)?,
        None => total += executor_default(res),
    }
    Some((total, stated))
}

/// The pod's stated `resources.<res>` values, in document order (to point at).
pub(crate) fn stated<'a>(def: &'a Definition, res: &str) -> Vec<&'a JsonValue> {
    def.get("containers")
        .and_then(JsonValue::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|c| c.get("resources").and_then(|r| r.get(res)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::FileSet;
    use crate::model::apps::DefKind;
    use crate::parse::json::parse_json;

    fn pod(text: &str) -> Definition {
        let mut fs = FileSet::new();
        let file = fs.add_text("pod.json", text);
        Definition {
            file,
            kind: DefKind::Pod,
            id: Some("/p".into()),
            id_value: None,
            group: None,
            value: parse_json(text).unwrap().value,
        }
    }

    #[test]
    fn containers_and_executor_add_up() {
        let p = pod(
            r#"{"id": "/p", "containers": [{"name": "a", "resources": {"cpus": 0.5, "mem": 256}},
               {"name": "b", "resources": {"cpus": 1, "mem": 64, "gpus": 1}}],
               "executorResources": {"mem": 64}}"#,
        );
        assert_eq!(asked(&p, "cpus"), Some((1.6, true)));
        assert_eq!(asked(&p, "mem"), Some((384.0, true)));
        assert_eq!(asked(&p, "disk"), Some((10.0, false)));
        assert_eq!(asked(&p, "gpus"), Some((1.0, true)));
        assert_eq!(stated(&p, "mem").len(), 2);
    }

    #[test]
    fn placeholders_are_unknown() {
        let p =
            pod(r#"{"id": "/p", "containers": [{"name": "a", "resources": {"mem": "{{ m }}"}}]}"#);
        assert_eq!(asked(&p, "mem"), None);
    }
}
