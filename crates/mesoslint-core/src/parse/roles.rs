//! Mesos role names as `roles::validate` checks them (apache/mesos `src/common/roles.cpp`):
//! used for the master's `--roles` and `--weights` and the agent's `--default_role`.

/// Whitespace (`\t \n \v \f \r` and space) and DEL, which no role component may hold.
const INVALID: &[u8] = b"\x09\x0a\x0b\x0c\x0d\x20\x7f";

/// The daemon's error for a role it refuses, `None` for a valid one. `hierarchical`: the
/// 1.2+ rules (`a/b` roles); earlier releases refuse every `/` and check the name whole.
pub fn role_error(role: &str, hierarchical: bool) -> Option<String> {
    if role == "*" {
        return None;
    }
    if !hierarchical {
        // Before 1.2: one flat name (roles.cpp of 1.1.0).
        return if role.is_empty() {
            Some("Empty role name is invalid".to_string())
        } else if role == "." || role == ".." {
            Some(format!("Role name '{role}' is invalid"))
        } else if role.starts_with('-') {
            Some(format!(
                "Role name '{role}' is invalid because it starts with a dash"
            ))
        } else if role.bytes().any(|b| b == b'/' || INVALID.contains(&b)) {
            Some(format!(
                "Role name '{role}' is invalid because it contains slash, backspace or whitespace"
            ))
        } else {
            None
        };
    }
    if role.starts_with('/') {
        return Some(format!("Role '{role}' cannot start with a slash"));
    } else if role.ends_with('/') {
        return Some(format!("Role '{role}' cannot end with a slash"));
    } else if role.contains("//") {
        return Some(format!("Role '{role}' cannot contain two adjacent slashes"));
    }
    let components: Vec<&str> = role.split('/').filter(|c| !c.is_empty()).collect();
    if components.is_empty() {
        return Some("Role names cannot be the empty string".to_string());
    }
    for c in components {
        match c {
            "." | ".." | "*" => {
                return Some(format!("Role '{role}' cannot include '{c}' as a component"))
            }
            _ if c.starts_with('-') => {
                return Some(format!(
                    "Role component '{c}' is invalid because it starts with a dash"
                ))
            }
            _ if c.bytes().any(|b| INVALID.contains(&b)) => {
                return Some(format!(
                    "Role component '{c}' is invalid because it contains backspace or whitespace"
                ))
            }
            _ => {}
        }
    }
    None
}

/// `roles::parse`: the comma-separated list (empty entries dropped, nothing trimmed), or the
/// first role's error.
pub fn parse_roles(text: &str, hierarchical: bool) -> Result<Vec<&str>, String> {
    let roles: Vec<&str> = text.split(',').filter(|r| !r.is_empty()).collect();
    for r in &roles {
        if let Some(e) = role_error(r, hierarchical) {
            return Err(e);
        }
    }
    Ok(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_daemons_rules() {
        for ok in ["*", "prod", "eng/backend", "a.b", "x-y", "ütf"] {
            assert_eq!(role_error(ok, true), None, "{ok}");
        }
        for bad in [
            "/a", "a/", "a//b", ".", "a/..", "a/*", "-a", "a b", "a\tb", "",
        ] {
            assert!(role_error(bad, true).is_some(), "{bad}");
        }
        assert!(role_error("a/b", false).is_some());
        assert_eq!(parse_roles("a,,b", true), Ok(vec!["a", "b"]));
        assert!(parse_roles("a, b", true)
            .unwrap_err()
            .contains("whitespace"));
    }
}
